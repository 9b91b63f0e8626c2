//! The conventions of the API being generated, declared in one place: which
//! extensions carry titles, response keys, SDK grouping, and the undocumented,
//! draft and deprecated flags; which envelope fields wrap a response; how a
//! list paginates; what the client is called; which fields hold secrets.
//!
//! Only Seam's profile exists so far, and the runtime (`templates/runtime/`)
//! still carries its own side of it (endpoint, token kinds, environment
//! variables, error envelope). Lowering, naming and rendering read their
//! conventions from here and nowhere else.

/// One API's conventions.
#[derive(Debug)]
pub struct Profile {
    /// The API's name in prose ("Undocumented by Seam").
    pub api_name: &'static str,
    /// The crate's name unless `--crate-name` says otherwise; the runtime's doc
    /// examples are written against it.
    pub crate_name: &'static str,
    /// The client type (`Seam`), and its builder (`SeamBuilder`): reserved names.
    pub client_name: &'static str,
    pub client_builder_name: &'static str,
    /// What doc examples call a client value (`seam`).
    pub client_variable: &'static str,
    /// The value a method returns sits under this key of the success body; `null`
    /// means the method returns nothing.
    pub response_key_extension: &'static str,
    /// The field of every success body that must be `true`.
    pub success_field: &'static str,
    /// An operation's summary line.
    pub title_extension: &'static str,
    /// Flags that put an operation or a field behind the `undocumented` feature.
    pub undocumented_extension: &'static str,
    pub draft_extension: &'static str,
    /// A deprecation with a message (OpenAPI's own `deprecated` has none).
    pub deprecated_extension: &'static str,
    /// Where an SDK groups an operation and what it calls its method.
    pub group_name_extension: &'static str,
    pub method_name_extension: &'static str,
    /// Pagination: the request's cursor parameter, the response's pagination
    /// object, and the fields of that object.
    pub page_cursor_parameter: &'static str,
    pub pagination_field: &'static str,
    pub next_cursor_field: &'static str,
    pub has_next_page_field: &'static str,
    /// Field names (as on the wire) whose values are secrets; fields whose
    /// schema says `format: password` are secret as well.
    pub sensitive_fields: &'static [&'static str],
}

/// Seam's Connect API.
pub const SEAM: Profile = Profile {
    api_name: "Seam",
    crate_name: "seam",
    client_name: "Seam",
    client_builder_name: "SeamBuilder",
    client_variable: "seam",
    response_key_extension: "x-response-key",
    success_field: "ok",
    title_extension: "x-title",
    undocumented_extension: "x-undocumented",
    draft_extension: "x-draft",
    deprecated_extension: "x-deprecated",
    group_name_extension: "x-fern-sdk-group-name",
    method_name_extension: "x-fern-sdk-method-name",
    page_cursor_parameter: "page_cursor",
    pagination_field: "pagination",
    next_cursor_field: "next_page_cursor",
    has_next_page_field: "has_next_page",
    sensitive_fields: &[
        "access_token",
        "api_key",
        "client_secret",
        "client_session_token",
        "code",
        "passcode",
        "password",
        "pin",
        "pin_code",
        "private_key",
        "refresh_token",
        "secret",
        "token",
        "webhook_secret",
    ],
};

impl Profile {
    /// Fields of a success body that are never the returned value.
    pub fn envelope_fields(&self) -> [&'static str; 2] {
        [self.success_field, self.pagination_field]
    }

    /// Whether a field of this wire name holds a secret by name alone.
    pub fn is_sensitive_name(&self, wire_name: &str) -> bool {
        self.sensitive_fields.contains(&wire_name)
    }
}
