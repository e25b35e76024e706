//! Password hashing (argon2id, OWASP parameters, off the async runtime) and the common-password
//! check.

use crate::domain::check_password_shape;
use crate::error::{AppError, AppResult};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

/// OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the account does not exist so that
/// "no such user" takes as long as "wrong password".
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(b"no account has this password", &salt)
        .expect("hash")
        .to_string()
});

/// Hashes a password into a PHC string, on a blocking thread.
pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal(format!("hash: {e}")))
    })
    .await
    .map_err(|e| AppError::internal(format!("hash task: {e}")))?
}

/// Verifies a password against a PHC string (or against a dummy hash when `phc` is `None`, which
/// always fails), on a blocking thread.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let real = phc.is_some();
        let phc = phc.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&phc)
            .is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok());
        ok && real
    })
    .await
    .unwrap_or(false)
}

/// Warms the dummy hash so the first failed sign-in is not slower than the others.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// True for the passwords an attacker tries first: those in zxcvbn's frequency lists (the most
/// common ~10,000 of any list, as a whole), and anything it estimates under 10,000 guesses
/// ("12345678", "aaaaaaaa", "qwertyui"...).
pub fn is_common(password: &str) -> bool {
    let entropy = zxcvbn::zxcvbn(password, &[]);
    if entropy.guesses() < 10_000 {
        return true;
    }
    let seq = entropy.sequence();
    seq.len() == 1
        && matches!(&seq[0].pattern,
            zxcvbn::matching::patterns::MatchPattern::Dictionary(d) if d.rank <= 10_000)
}

/// All rules for a new password: length, then commonness; `field` names the form field.
pub fn check_new_password(field: &str, password: &str, email: &str) -> AppResult<()> {
    check_password_shape(field, password)?;
    if is_common(password) {
        return Err(AppError::validation(
            field,
            "This password is one of the most common ones. Choose something less guessable.",
        ));
    }
    let local = email.split('@').next().unwrap_or("");
    if !local.is_empty() && password.to_lowercase() == local.to_lowercase() {
        return Err(AppError::validation(
            field,
            "Don't use your email name as your password.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_passwords_are_refused() {
        for p in [
            "password",
            "12345678",
            "password1",
            "iloveyou",
            "qwertyuiop",
            "aaaaaaaa",
            "11111111",
        ] {
            assert!(is_common(p), "{p} should count as common");
        }
    }

    #[test]
    fn ordinary_strong_passwords_are_accepted() {
        for p in [
            "correct horse battery staple",
            "Tq9#mv!2pLx",
            "ministore-demo-2026",
        ] {
            assert!(!is_common(p), "{p} should not count as common");
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("Tq9#mv!2pLx".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("Tq9#mv!2pLx".into(), Some(h.clone())).await);
        assert!(!verify("Tq9#mv!2pLy".into(), Some(h)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
