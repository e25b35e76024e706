//! File types: the extensions allowed in a package, the [`FileKind`] of a path, which files are
//! scanned for external URLs, and why a file type is refused.

use serde::{Deserialize, Serialize};

/// File extensions (lower case) allowed in a package, and the [`FileKind`] each maps to.
pub const ALLOWED_EXTENSIONS: &[(&str, FileKind)] = &[
    ("html", FileKind::Html),
    ("htm", FileKind::Html),
    ("css", FileKind::Style),
    ("js", FileKind::Script),
    ("mjs", FileKind::Script),
    ("wasm", FileKind::Script),
    ("json", FileKind::Data),
    ("txt", FileKind::Data),
    ("md", FileKind::Data),
    ("map", FileKind::Data),
    ("png", FileKind::Image),
    ("jpg", FileKind::Image),
    ("jpeg", FileKind::Image),
    ("gif", FileKind::Image),
    ("webp", FileKind::Image),
    ("svg", FileKind::Image),
    ("ico", FileKind::Image),
    ("woff", FileKind::Font),
    ("woff2", FileKind::Font),
    ("ttf", FileKind::Font),
    ("otf", FileKind::Font),
    ("mp3", FileKind::Media),
    ("ogg", FileKind::Media),
    ("wav", FileKind::Media),
    ("mp4", FileKind::Media),
    ("webm", FileKind::Media),
];

/// Extensions of the text files scanned for external URLs.
pub const SCANNED_EXTENSIONS: &[&str] = &["html", "htm", "css", "js", "mjs", "json", "svg"];

/// What a file is, by its extension.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Html,
    Script,
    Style,
    Image,
    Font,
    Media,
    Data,
    Other,
}

impl FileKind {
    /// The kind of a file path, by its (case-insensitive) extension; [`FileKind::Other`] for a
    /// file type that is not allowed in a package.
    pub fn of(path: &str) -> FileKind {
        extension(path)
            .and_then(|ext| {
                ALLOWED_EXTENSIONS
                    .iter()
                    .find(|(allowed, _)| *allowed == ext)
                    .map(|(_, kind)| *kind)
            })
            .unwrap_or(FileKind::Other)
    }

    /// The lower-case name used in JSON (`"html"`, `"script"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Html => "html",
            FileKind::Script => "script",
            FileKind::Style => "style",
            FileKind::Image => "image",
            FileKind::Font => "font",
            FileKind::Media => "media",
            FileKind::Data => "data",
            FileKind::Other => "other",
        }
    }
}

/// The lower-case extension of the last path segment, if it has one (a leading dot, as in
/// `.htaccess`, does not start an extension).
pub(crate) fn extension(path: &str) -> Option<String> {
    let file = path.rsplit('/').next().unwrap_or(path);
    let dot = file.rfind('.')?;
    if dot == 0 || dot + 1 == file.len() {
        return None;
    }
    Some(file[dot + 1..].to_ascii_lowercase())
}

/// Whether a file is one of the text files scanned for external URLs ([`SCANNED_EXTENSIONS`]).
pub(crate) fn is_scanned(path: &str) -> bool {
    extension(path).is_some_and(|ext| SCANNED_EXTENSIONS.contains(&ext.as_str()))
}

/// Why a file may not be in a package because of its type (macOS metadata, or an extension not
/// in [`ALLOWED_EXTENSIONS`]), if it may not.
pub(crate) fn file_type_problem(name: &str) -> Option<String> {
    let last = name.rsplit('/').next().unwrap_or(name);
    if name.starts_with("__MACOSX/") || last == ".DS_Store" || last.starts_with("._") {
        return Some(format!(
            "{name}: is macOS Finder metadata, which is not allowed in a package; zip the \
             folder without it (for example: zip -r app.zip . -x '.*' -x '__MACOSX/*')"
        ));
    }
    if FileKind::of(name) != FileKind::Other {
        return None;
    }
    let allowed = ALLOWED_EXTENSIONS
        .iter()
        .map(|(ext, _)| *ext)
        .collect::<Vec<_>>()
        .join(", ");
    Some(match extension(name) {
        Some(ext) => format!(
            "{name}: files of type .{ext} are not allowed in a package (allowed: {allowed})"
        ),
        None => format!(
            "{name}: files without an extension are not allowed in a package (allowed: \
             {allowed})"
        ),
    })
}
