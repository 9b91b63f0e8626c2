//! The generated `seam` client against hostile or broken servers: raw TCP
//! servers on 127.0.0.1 (see `server.rs`) that send exactly the bytes each test
//! needs. One module per kind of defect: oversized bodies, redirects, endless or
//! truncated pagination, void operations, retries, secrets, caller input,
//! missing fields and the facts errors carry.

mod bodies;
mod errors;
mod events;
mod input;
mod missing_fields;
mod pagination;
mod redirects;
mod retries;
mod secrets;
mod server;
mod support;
mod void_ops;
