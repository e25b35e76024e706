//! Generated pictures of the demo catalogue: each mini-program's icon (a rounded square in its
//! colour with its emoji or initial, SVG text in the system's fonts) and the featured
//! collection's banner picture, so there are no image files to keep in the repository.

/// `s` escaped for HTML and XML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The red, green and blue of a `#rrggbb` colour.
fn rgb(colour: &str) -> Option<[u8; 3]> {
    let hex = colour.strip_prefix('#').filter(|h| h.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// Whether `colour` is a `#rrggbb` colour.
pub fn is_colour(colour: &str) -> bool {
    rgb(colour).is_some()
}

/// `colour` mixed with white (`amount` > 0) or black (`amount` < 0), `amount` in -1 ..= 1.
/// A colour that is not `#rrggbb` comes back as it is.
pub fn shade(colour: &str, amount: f64) -> String {
    let Some(c) = rgb(colour) else {
        return colour.to_string();
    };
    let target = if amount > 0.0 { 255.0 } else { 0.0 };
    let a = amount.abs().min(1.0);
    let mix = |v: u8| (f64::from(v) + (target - f64::from(v)) * a).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(c[0]), mix(c[1]), mix(c[2]))
}

const FONTS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'PingFang SC', \
                     'Noto Sans CJK SC', 'Microsoft YaHei', 'Apple Color Emoji', \
                     'Noto Color Emoji', sans-serif";

/// A 128 × 128 icon: a rounded square shading from `colour`, with `glyph` (an emoji, a
/// character or a short word) in white in the middle.
pub fn icon(colour: &str, glyph: &str) -> String {
    // Variation selectors and joiners take no room.
    let width = glyph
        .chars()
        .filter(|c| !matches!(c, '\u{fe0e}' | '\u{fe0f}' | '\u{200d}'))
        .count();
    let size = match width {
        0 | 1 => 64,
        2 => 50,
        3 => 40,
        _ => 32,
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="{light}"/>
      <stop offset="1" stop-color="{dark}"/>
    </linearGradient>
  </defs>
  <rect width="128" height="128" rx="28" fill="url(#bg)"/>
  <path d="M0 28A28 28 0 0 1 28 0h72a28 28 0 0 1 28 28v20C96 34 40 30 0 52z" fill="#fff" opacity=".14"/>
  <text x="64" y="66" text-anchor="middle" dominant-baseline="central" font-family="{FONTS}" font-size="{size}" font-weight="700" fill="#fff">{glyph}</text>
</svg>
"##,
        light = shade(colour, 0.25),
        dark = shade(colour, -0.2),
        glyph = escape(glyph),
    )
}

/// A 1200 × 400 banner picture shading from `from` to `to`, with soft circles and a scatter of
/// rounded tiles (the store's app icons, abstracted) on the right. No text: the storefront sets
/// the collection's title over it, legible under its veil.
pub fn banner(from: &str, to: &str) -> String {
    let mut tiles = String::new();
    for (i, (x, y)) in [
        (820, 70),
        (960, 40),
        (1090, 110),
        (880, 210),
        (1020, 250),
        (760, 300),
    ]
    .into_iter()
    .enumerate()
    {
        let opacity = [0.22, 0.16, 0.2, 0.14, 0.24, 0.12][i];
        tiles.push_str(&format!(
            r##"  <rect x="{x}" y="{y}" width="96" height="96" rx="24" fill="#fff" opacity="{opacity}"/>
"##
        ));
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="400" viewBox="0 0 1200 400">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="{from}"/>
      <stop offset="1" stop-color="{to}"/>
    </linearGradient>
  </defs>
  <rect width="1200" height="400" fill="url(#bg)"/>
  <circle cx="1080" cy="40" r="220" fill="#fff" opacity=".10"/>
  <circle cx="960" cy="380" r="150" fill="#fff" opacity=".08"/>
  <circle cx="140" cy="420" r="120" fill="#000" opacity=".06"/>
{tiles}</svg>
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shading_mixes_towards_white_or_black() {
        assert_eq!(shade("#000000", 0.5), "#808080");
        assert_eq!(shade("#ffffff", -0.5), "#808080");
        assert_eq!(shade("#2563eb", 0.0), "#2563eb");
        assert_eq!(shade("teal", 0.5), "teal");
    }

    #[test]
    fn icons_show_their_glyph_escaped_and_smaller_when_longer() {
        let one = icon("#2563eb", "算");
        assert!(one.contains(">算</text>") && one.contains("font-size=\"64\""));
        let word = icon("#f59e0b", "2048");
        assert!(word.contains("font-size=\"32\""));
        assert!(icon("#000000", "<&>").contains("&lt;&amp;&gt;"));
    }
}
