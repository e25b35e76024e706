//! Enums stored as `TEXT` columns (with a `CHECK` constraint in the migration). `sql_text!`
//! gives such an enum sqlx's `Type`, `Encode` and `Decode` for PostgreSQL, so a query reads and
//! binds it directly, and an unknown value in the database is a decode error, never a silent
//! default.

/// Implements sqlx's PostgreSQL `Type`/`Encode`/`Decode` for a text-backed enum `$t` with an
/// `as_str()` method; `$parse` turns the column's text into `Option<$t>`.
#[macro_export]
macro_rules! sql_text {
    ($t:ty, $parse:expr) => {
        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Postgres> for $t {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }
        #[cfg(feature = "ssr")]
        impl sqlx::postgres::PgHasArrayType for $t {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }
        #[cfg(feature = "ssr")]
        impl<'q> sqlx::Encode<'q, sqlx::Postgres> for $t {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Postgres>>::encode(self.as_str(), buf)
            }
        }
        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $t {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <&str as sqlx::Decode<'r, sqlx::Postgres>>::decode(value)?;
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(s).ok_or_else(|| {
                    format!("{s:?} is not a {} (database value)", stringify!($t)).into()
                })
            }
        }
    };
}
