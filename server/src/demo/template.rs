//! The one template of the demo catalogue (`demo/template/`: index.html, style.css, app.js),
//! rendered into each catalogue entry's package: `{{key}}` placeholders filled with the entry's
//! name, summary, category, description, places and colour, plus a manifest and an icon.

use super::catalogue::{is_cjk, Entry};
use super::{art, CATEGORIES};
use anyhow::Context;
use std::collections::HashMap;

/// Chinese names of the categories, for pages in Chinese.
const CATEGORIES_ZH: [(&str, &str); 7] = [
    ("finance", "金融理财"),
    ("utilities", "实用工具"),
    ("games", "游戏"),
    ("lifestyle", "生活"),
    ("travel", "出行"),
    ("shopping", "购物"),
    ("productivity", "效率"),
];

/// The template's files: (name, text), sorted by name.
#[derive(Default)]
pub struct Template {
    files: Vec<(String, String)>,
}

impl Template {
    /// The files of folder `dir`.
    pub fn read(dir: &std::path::Path) -> anyhow::Result<Template> {
        let mut files = vec![];
        for entry in std::fs::read_dir(dir)
            .with_context(|| format!("reading the demo template in {}", dir.display()))?
        {
            let p = entry?.path();
            if p.is_file() {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                files.push((name.to_string(), std::fs::read_to_string(&p)?));
            }
        }
        files.sort();
        Ok(Template { files })
    }

    /// The package of catalogue entry `e`: the template's files filled in, its manifest and
    /// its icon, sorted by name.
    pub fn render(&self, e: &Entry) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let zh = e.listing.summary.chars().next().is_some_and(is_cjk);
        let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
        let category = if zh {
            CATEGORIES_ZH
                .iter()
                .find(|c| c.0 == e.listing.category)
                .map(|c| c.1)
        } else {
            CATEGORIES
                .iter()
                .find(|c| c.0 == e.listing.category)
                .map(|c| c.1)
        }
        .with_context(|| format!("category {:?}", e.listing.category))?;
        let places = if e.places.is_empty() {
            String::new()
        } else {
            let items: String = e
                .places
                .iter()
                .map(|p| {
                    format!(
                        "        <li class=\"place\" data-testid=\"place\"><span class=\"place-name\">{}</span>\
                         <span class=\"place-address\">{}</span><span class=\"place-hours\">{}</span></li>\n",
                        art::escape(&p.name),
                        art::escape(&p.address),
                        art::escape(&p.opening_hours)
                    )
                })
                .collect();
            format!(
                "\n    <section class=\"card places\" aria-labelledby=\"places-title\">\n      \
                 <h2 id=\"places-title\">{}</h2>\n      <ul class=\"place-list\" data-testid=\"places\">\n\
                 {items}      </ul>\n    </section>\n",
                t("Places", "门店")
            )
        };
        let vars: HashMap<&str, String> = HashMap::from([
            ("lang", t("en", "zh-Hans").to_string()),
            ("id", art::escape(&e.id)),
            ("name", art::escape(&e.name)),
            ("summary", art::escape(&e.listing.summary)),
            ("category", art::escape(category)),
            ("t_about", t("About", "简介").to_string()),
            (
                "t_demo",
                t(
                    "A Ministore demo mini-program: nothing here is real.",
                    "Ministore 演示小程序：内容仅供演示。",
                )
                .to_string(),
            ),
            (
                "description_html",
                app::server::markdown::render(&e.listing.description_md),
            ),
            ("places_html", places),
            ("colour", e.colour.clone()),
            ("colour_dark", art::shade(&e.colour, -0.3)),
        ]);
        let mut files = vec![];
        for (name, text) in &self.files {
            let filled = fill(text, &vars).with_context(|| format!("template/{name}"))?;
            files.push((name.clone(), filled.into_bytes()));
        }
        let manifest = serde_json::json!({
            "id": e.id,
            "name": e.name,
            "version": e.version,
            "entry": "index.html",
            "permissions": ["storage"],
            "description": e.listing.summary,
        });
        files.push((
            "manifest.json".into(),
            serde_json::to_vec_pretty(&manifest)?,
        ));
        files.push((
            "icon.svg".into(),
            art::icon(&e.colour, &e.glyph).into_bytes(),
        ));
        files.sort();
        Ok(files)
    }
}

/// `text` with each `{{key}}` replaced by `vars[key]`; an unknown key is an error.
fn fill(text: &str, vars: &HashMap<&str, String>) -> anyhow::Result<String> {
    let mut out = String::with_capacity(text.len() + 1024);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").context("a {{ without }}")?;
        let key = after[..end].trim();
        out.push_str(
            vars.get(key)
                .with_context(|| format!("unknown {{{{{key}}}}}"))?,
        );
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_filled_and_unknown_keys_are_refused() {
        let vars = HashMap::from([("name", "计算器".to_string())]);
        assert_eq!(fill("<h1>{{name}}</h1>", &vars).unwrap(), "<h1>计算器</h1>");
        assert_eq!(fill("{{ name }}", &vars).unwrap(), "计算器");
        assert!(fill("{{nmae}}", &vars).is_err());
        assert!(fill("{{name", &vars).is_err());
    }
}
