//! [`validate`]: the whole validation of a package, step by step (the zip structure, every entry
//! on its own, the entries together, inflating every file, the manifest), and the [`Report`].

use std::collections::{BTreeSet, HashSet};

use sha2::{Digest, Sha256};

use crate::entry::{check_entry, inflate_entry, EntryCheck};
use crate::kind::is_scanned;
use crate::layout::{check_layout, check_names_together};
use crate::size::over_limit;
use crate::{
    code, manifest, scan, zip, FileInfo, FileKind, Limits, PermissionInfo, Problem, Rejection,
    Report, MANIFEST_PATH,
};

/// Validates a package: the zip structure, every file, and the manifest.
///
/// `expected_id` is the id of the mini-program the package is uploaded to; if the manifest
/// has an `id`, it must be equal. Returns the [`Report`] of a valid package, or every problem
/// found. Never panics and never allocates or inflates more than the limits allow, whatever
/// the input.
pub fn validate(
    bytes: &[u8],
    expected_id: Option<&str>,
    limits: &Limits,
) -> Result<Report, Rejection> {
    let zip_len = bytes.len() as u64;
    if zip_len > limits.max_compressed {
        let (actual, limit) = over_limit(zip_len, limits.max_compressed);
        return Err(Rejection::one(Problem::new(
            code::COMPRESSED_TOO_LARGE,
            None,
            format!("the zip is {actual}, over the {limit} limit for a package"),
        )));
    }
    let archive = zip::read_archive(bytes, limits.max_entries).map_err(Rejection::one)?;

    let mut problems: Vec<Problem> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();

    // 1. Every entry on its own: name, kind, flags, method, local header, declared sizes.
    let checks: Vec<EntryCheck> = archive
        .entries
        .iter()
        .map(|entry| check_entry(&archive, entry, limits))
        .collect();
    for check in &checks {
        problems.extend(check.problems.iter().cloned());
    }

    // 2. The entries together: duplicates, conflicts, overlaps, declared total.
    problems.extend(check_names_together(&archive.entries));
    problems.extend(check_layout(&checks, archive.cd_offset));
    let mut declared_total: u64 = 0;
    let mut total_reported = false;
    for (entry, check) in archive.entries.iter().zip(&checks) {
        if entry.is_dir() {
            continue;
        }
        declared_total = declared_total.saturating_add(entry.uncompressed_size);
        if declared_total > limits.max_unpacked && !total_reported {
            total_reported = true;
            let sum: u64 = archive
                .entries
                .iter()
                .filter(|e| !e.is_dir())
                .map(|e| e.uncompressed_size)
                .fold(0u64, u64::saturating_add);
            let (actual, limit) = over_limit(sum, limits.max_unpacked);
            problems.push(Problem::new(
                code::UNPACKED_TOO_LARGE,
                Some(&check.display_name),
                format!(
                    "{}: brings the unpacked total over the {limit} limit for a package \
                     (the files declare {actual} in all)",
                    check.display_name
                ),
            ));
        }
    }

    // 3. Inflate every sound file, counting real bytes; manifest.json first, so that its
    //    problems are reported even if a later file blows the total budget.
    let mut order: Vec<usize> = (0..archive.entries.len()).collect();
    order.sort_by_key(|&i| archive.entries[i].name_bytes != MANIFEST_PATH.as_bytes());
    let mut unpacked_total: u64 = 0;
    let mut manifest_bytes: Option<Vec<u8>> = None;
    let mut manifest_broken = false;
    let mut domains: BTreeSet<String> = BTreeSet::new();
    let mut files: Vec<FileInfo> = Vec::new();
    for i in order {
        let entry = &archive.entries[i];
        let check = &checks[i];
        let is_manifest = entry.name_bytes == MANIFEST_PATH.as_bytes();
        if entry.is_dir() {
            continue;
        }
        let Some(data_range) = check.data.clone() else {
            manifest_broken |= is_manifest;
            continue;
        };
        let budget = limits.max_unpacked.saturating_sub(unpacked_total);
        if budget == 0 && entry.uncompressed_size > 0 {
            // The total limit was crossed while inflating an earlier file (already reported).
            continue;
        }
        let keep = is_manifest || is_scanned(&check.display_name);
        let outcome = inflate_entry(
            &archive.bytes[data_range],
            entry,
            &check.display_name,
            limits,
            budget,
            keep,
        );
        match outcome {
            Ok(inflated) => {
                unpacked_total += inflated.size;
                if keep {
                    scan::external_hosts(&inflated.kept, &mut domains);
                }
                if is_manifest {
                    manifest_bytes = Some(inflated.kept);
                }
                files.push(FileInfo {
                    path: check.display_name.clone(),
                    size: inflated.size,
                    compressed_size: entry.compressed_size,
                    kind: FileKind::of(&check.display_name),
                });
            }
            Err(problem) => {
                manifest_broken |= is_manifest;
                if problem.code == code::UNPACKED_TOO_LARGE {
                    unpacked_total = limits.max_unpacked;
                    if total_reported {
                        continue;
                    }
                    total_reported = true;
                }
                problems.push(problem);
            }
        }
    }

    // 4. The manifest.
    let file_names: HashSet<&str> = archive
        .entries
        .iter()
        .zip(&checks)
        .filter(|(e, _)| !e.is_dir())
        .map(|(_, c)| c.display_name.as_str())
        .collect();
    let mut manifest = None;
    match manifest_bytes {
        Some(bytes) => {
            let outcome = manifest::check(&bytes, expected_id, &file_names);
            problems.extend(outcome.problems);
            warnings.extend(outcome.warnings);
            manifest = outcome.manifest;
        }
        None if manifest_broken => {} // its problems are already listed
        None => problems.push(missing_manifest(&file_names)),
    }

    let manifest = match manifest {
        Some(manifest) if problems.is_empty() => manifest,
        _ => {
            if problems.is_empty() {
                // Unreachable in practice: a manifest that is not parsed has a problem listed.
                problems.push(missing_manifest(&file_names));
            }
            return Err(Rejection { problems });
        }
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let permissions = manifest
        .permissions
        .iter()
        .map(|p| PermissionInfo {
            name: *p,
            description: p.description().to_string(),
        })
        .collect();
    Ok(Report {
        version: manifest.version.clone(),
        entry: manifest.entry.clone(),
        file_count: files.len(),
        compressed_size: zip_len,
        unpacked_size: unpacked_total,
        files,
        permissions,
        external_domains: domains.into_iter().collect(),
        warnings,
        sha256: hex_sha256(bytes),
        manifest,
    })
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn missing_manifest(file_names: &HashSet<&str>) -> Problem {
    let mut nested: Vec<&&str> = file_names
        .iter()
        .filter(|n| {
            n.rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(MANIFEST_PATH))
        })
        .collect();
    nested.sort();
    let hint = match nested.first() {
        Some(found) if found.contains('/') => {
            format!(" (found {found}: zip the contents of the folder, not the folder itself)")
        }
        Some(found) => format!(" (found {found}: the name must be all lower case)"),
        None => String::new(),
    };
    Problem::new(
        code::MISSING_MANIFEST,
        Some(MANIFEST_PATH),
        format!("the package has no manifest.json at the root of the zip{hint}"),
    )
}
