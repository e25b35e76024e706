//! The store router's middleware: cross-site request refusal, the page's signed-in user, and
//! the HTTP status of server-function errors that Leptos answers before our code runs.

pub mod csrf;
pub mod page_user;
pub mod rpc_status;
