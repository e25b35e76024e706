//! Database access, one module per aggregate. Plain async fns over `&PgPool` or a transaction,
//! testable without HTTP. Runtime-checked queries (`sqlx::query_as` with `FromRow`).

pub mod accounts;
pub mod audit;
pub mod versions;
