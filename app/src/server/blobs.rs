//! The blob store: content-addressed files (packages, icons, screenshots) in a local directory,
//! named by their sha256. Writes go to a temporary file that is synced and renamed into place,
//! so a crash never leaves a half-written blob under its final name. PostgreSQL's `blobs` table
//! says which blobs exist; a blob is written before the row that points at it is committed.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct BlobStore {
    root: PathBuf,
}

/// The hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// True for a well-formed blob name (64 lowercase hex digits).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl BlobStore {
    pub fn new(root: impl Into<PathBuf>) -> std::io::Result<BlobStore> {
        let root = root.into();
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(BlobStore { root })
    }

    /// Where the blob `sha` lives (whether or not it exists).
    pub fn path(&self, sha: &str) -> PathBuf {
        self.root.join(&sha[..2]).join(sha)
    }

    /// Stores `bytes` and returns their sha256. Storing the same bytes twice is a no-op.
    pub async fn put(&self, bytes: Vec<u8>) -> std::io::Result<String> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.put_blocking(&bytes))
            .await
            .map_err(std::io::Error::other)?
    }

    fn put_blocking(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        let dest = self.path(&sha);
        if dest.exists() {
            return Ok(sha);
        }
        std::fs::create_dir_all(dest.parent().expect("blob paths have a parent"))?;
        let tmp = self
            .root
            .join("tmp")
            .join(format!("{sha}.{}", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &dest)?;
        if let Some(dir) = dest.parent() {
            sync_dir(dir);
        }
        Ok(sha)
    }

    /// The bytes of blob `sha`, if it exists.
    pub async fn get(&self, sha: &str) -> std::io::Result<Option<Vec<u8>>> {
        if !is_sha256(sha) {
            return Ok(None);
        }
        match tokio::fs::read(self.path(sha)).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_blob_is_stored_under_its_hash_and_read_back() {
        let dir = std::env::temp_dir().join(format!("blobs-test-{}", std::process::id()));
        let store = BlobStore::new(&dir).unwrap();
        let sha = store.put(b"hello".to_vec()).await.unwrap();
        assert_eq!(
            sha,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(store.get(&sha).await.unwrap().unwrap(), b"hello");
        assert_eq!(store.put(b"hello".to_vec()).await.unwrap(), sha);
        assert!(store.get(&"0".repeat(64)).await.unwrap().is_none());
        assert!(store.get("../etc/passwd").await.unwrap().is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
