//! The checks of the entries together: duplicate names (exact and ignoring case), file/folder
//! conflicts, and the layout of the data in the zip (no overlaps, no hidden bytes).

use std::collections::{HashMap, HashSet};

use crate::entry::EntryCheck;
use crate::zip::CentralEntry;
use crate::{code, Problem};

/// Duplicates (exact and ignoring case) and file/folder conflicts.
pub(crate) fn check_names_together(entries: &[CentralEntry<'_>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut exact: HashMap<&[u8], usize> = HashMap::new();
    let mut folded: HashMap<String, String> = HashMap::new();
    let mut file_names_folded: HashSet<String> = HashSet::new();
    for entry in entries {
        let name = entry.display_name();
        match exact.get_mut(entry.name_bytes.as_ref()) {
            Some(count) => {
                *count += 1;
                if *count == 2 {
                    problems.push(Problem::new(
                        code::DUPLICATE_NAME,
                        Some(&name),
                        format!("{name}: appears more than once in the zip"),
                    ));
                }
                continue;
            }
            None => {
                exact.insert(entry.name_bytes.as_ref(), 1);
            }
        }
        let key = name.to_lowercase();
        match folded.get(&key) {
            Some(first) => problems.push(Problem::new(
                code::CASE_DUPLICATE,
                Some(&name),
                format!(
                    "{name}: differs from {first} only in letter case; names must be unique \
                     ignoring case"
                ),
            )),
            None => {
                folded.insert(key.clone(), name.clone());
            }
        }
        if !entry.is_dir() {
            file_names_folded.insert(key);
        }
    }
    let mut reported: HashSet<String> = HashSet::new();
    for entry in entries {
        let name = entry.display_name();
        let key = name.to_lowercase();
        let trimmed = key.trim_end_matches('/');
        for (i, _) in trimmed.match_indices('/') {
            let folder = &trimmed[..i];
            if file_names_folded.contains(folder) && reported.insert(folder.to_string()) {
                problems.push(Problem::new(
                    code::PATH_CONFLICT,
                    Some(&name),
                    format!(
                        "{name}: its folder {} is also a file in the zip",
                        &name[..i.min(name.len())]
                    ),
                ));
            }
        }
    }
    problems
}

/// Entries must not share bytes (two central-directory records pointing into the same local
/// data is the "overlapping files" zip bomb), and every byte before the central directory must
/// belong to an entry (no prepended or hidden data).
pub(crate) fn check_layout(checks: &[EntryCheck], cd_offset: usize) -> Vec<Problem> {
    let mut spans: Vec<(&std::ops::Range<usize>, &str)> = checks
        .iter()
        .filter_map(|c| c.span.as_ref().map(|s| (s, c.display_name.as_str())))
        .collect();
    spans.sort_by_key(|(s, _)| (s.start, s.end));
    let mut problems = Vec::new();
    let mut furthest: Option<(usize, &str)> = None;
    for &(span, name) in &spans {
        if let Some((end, other)) = furthest {
            if span.start < end {
                problems.push(Problem::new(
                    code::OVERLAPPING_ENTRIES,
                    Some(name),
                    format!(
                        "{name}: its data overlaps the data of {other} in the zip (a trick used \
                         by zip bombs)"
                    ),
                ));
            }
        }
        if furthest.is_none_or(|(end, _)| span.end > end) {
            furthest = Some((span.end, name));
        }
    }
    if !problems.is_empty() || spans.len() != checks.len() {
        return problems;
    }
    let mut at = 0;
    for &(span, name) in &spans {
        if span.start > at {
            problems.push(Problem::new(
                code::MALFORMED_ZIP,
                None,
                format!(
                    "the zip is malformed: {} bytes at offset {at}, before {name}, belong to no \
                     entry (was data prepended or hidden in the zip?)",
                    span.start - at
                ),
            ));
        }
        at = span.end;
    }
    if at < cd_offset {
        problems.push(Problem::new(
            code::MALFORMED_ZIP,
            None,
            format!(
                "the zip is malformed: {} bytes at offset {at}, after the last file and before \
                 the central directory, belong to no entry",
                cd_offset - at
            ),
        ));
    }
    problems
}
