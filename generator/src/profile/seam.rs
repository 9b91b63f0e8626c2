//! Seam's conventions, as Seam's official SDKs (`@seamapi/http`, Python `seam`)
//! and its OpenAPI document have them. The only file of the generator that
//! spells them.

use super::*;

/// What `--profile` calls it.
pub const NAME: &str = "seam";

/// Seam's Connect API.
pub fn profile() -> Profile {
    let s = |text: &str| text.to_owned();
    let bearer = |setter: &str, noun: &str, doc: &str, prefix: &str, example: &str| Credential {
        setter: s(setter),
        noun: s(noun),
        doc: s(doc),
        env_var: None,
        prefix: Some(s(prefix)),
        example: vec![s(example)],
        placement: Placement::Bearer,
        also_header: None,
        needs_context: false,
        update: None,
        schemes: Vec::new(),
    };
    let schemes = |names: &[&str]| names.iter().map(|n| s(n)).collect::<Vec<_>>();
    Profile {
        api_name: s("Seam"),
        crate_name: s("seam"),
        client_name: s("Seam"),
        client_builder_name: s("SeamBuilder"),
        client_variable: s("seam"),
        env_prefix: s("SEAM"),
        // Seam's SDKs still read it, warning that it is deprecated.
        deprecated_endpoint_vars: vec![s("SEAM_API_URL")],
        // The spec's server (https://connect.getseam.com).
        default_endpoint: None,
        sdk_headers: vec![
            (s("seam-sdk-name"), s("seamapi/rust")),
            (s("seam-sdk-version"), s("{version}")),
        ],
        user_agent: s("seamapi-rust/{version}"),
        request_id_header: Some(s("seam-request-id")),
        error_field: Some(s("error")),
        credentials: vec![
            Credential {
                env_var: Some(s("SEAM_API_KEY")),
                schemes: schemes(&["api_key"]),
                ..bearer(
                    "api_key",
                    "an API key",
                    "Authenticates with an API key (`seam_...`), which belongs to one workspace.",
                    "seam_",
                    "seam_test123_abc",
                )
            },
            Credential {
                env_var: Some(s("SEAM_PERSONAL_ACCESS_TOKEN")),
                needs_context: true,
                // With the workspace header, or (for the client without one) alone.
                schemes: schemes(&["pat_with_workspace", "seam_workspace", "pat_without_workspace"]),
                ..bearer(
                    "personal_access_token",
                    "a personal access token",
                    "Authenticates with a personal access token (`seam_at...`); also set the workspace id.",
                    "seam_at",
                    "seam_at1_abc",
                )
            },
            Credential {
                needs_context: true,
                schemes: schemes(&[
                    "console_session_with_workspace",
                    "seam_workspace",
                    "console_session_without_workspace",
                ]),
                ..bearer(
                    "console_session_token",
                    "a console session token",
                    "Authenticates with a Seam Console session token (a JWT, `ey...`); also set the workspace id.",
                    "ey",
                    "eyJhbGciOiJIUzI1NiJ9.e30.abc",
                )
            },
            Credential {
                also_header: Some(s("client-session-token")),
                // A client session, whether or not it belongs to a customer,
                // with its token repeated in its own header.
                schemes: schemes(&["client_session", "client_session_with_customer", "client_session_token"]),
                // Client sessions expire; both SDKs replace the token in place
                // and check it with client_sessions/get.
                update: Some(CredentialUpdate {
                    method: s("update_client_session_token"),
                    check_path: s("/client_sessions/get"),
                }),
                ..bearer(
                    "client_session_token",
                    "a client session token",
                    "Authenticates with a client session token (`seam_cst...`), as issued to an end user's device.",
                    "seam_cst",
                    "seam_cst1_abc",
                )
            },
        ],
        several_credentials: false,
        context: Some(ContextHeader {
            setter: s("workspace_id"),
            noun: s("a workspace id"),
            doc: s("The workspace to act in, required with a personal access token or a console session token."),
            header: s("seam-workspace"),
            env_var: Some(s("SEAM_WORKSPACE_ID")),
        }),
        refused_prefixes: vec![RefusedPrefix {
            prefix: s("seam_pk"),
            message: s("a publishable key (it starts with seam_pk), which cannot authenticate this client: exchange it for a client session with from_publishable_key"),
        }],
        envelope: Some(Envelope {
            success_field: s("ok"),
            response_key_extension: s("x-response-key"),
        }),
        // What @seamapi/http and Python `seam` send: the semantic method when the
        // spec offers one, PATCH before PUT, POST otherwise; GET and DELETE take
        // their parameters in the query string.
        aliases: Some(Aliases {
            preference: ["GET", "DELETE", "PATCH", "PUT", "POST"].map(s).to_vec(),
            query_methods: ["GET", "DELETE"].map(s).to_vec(),
            query_suffix: Some((s("_strict"), s("true"))),
        }),
        pagination: Some(Pagination {
            cursor_parameter: s("page_cursor"),
            field: s("pagination"),
            next_cursor_field: s("next_page_cursor"),
            has_next_page_field: s("has_next_page"),
        }),
        // Both SDKs wait for an action to finish; this client waits as long as
        // `@seamapi/http` does (10 s, asking every second).
        action_attempts: Some(ActionAttempts {
            schema: s("action_attempt"),
            response_key: s("action_attempt"),
            poll_path: s("/action_attempts/get"),
            id_field: s("action_attempt_id"),
            status_field: s("status"),
            pending: s("pending"),
            success: s("success"),
            error: s("error"),
            error_field: s("error"),
            timeout_ms: 10_000,
            poll_interval_ms: 1_000,
        }),
        extensions: Extensions {
            title: Some(s("x-title")),
            undocumented: Some(s("x-undocumented")),
            draft: Some(s("x-draft")),
            deprecated: Some(s("x-deprecated")),
            group_name: Some(s("x-fern-sdk-group-name")),
            method_name: Some(s("x-fern-sdk-method-name")),
        },
        sensitive_fields: [
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
        ]
        .map(s)
        .to_vec(),
        // `SeamWithoutWorkspace` in Python, `SeamHttpWithoutWorkspace` in JS.
        without_context: Some(WithoutContext {
            client_name: s("SeamWithoutWorkspace"),
            build_method: s("build_without_workspace"),
            doc: s("A client for a personal access token or a console session token used without a workspace, for the operations that act across workspaces (creating and listing them)."),
            security_schemes: vec![s("pat_without_workspace"), s("console_session_without_workspace")],
            credentials: vec![s("personal_access_token"), s("console_session_token")],
        }),
        // `SeamHttp.fromPublishableKey` / `Seam.from_publishable_key`.
        one_type_per_name: true,
        // Seam's SDKs take one parameter object for a union body (`/connected_accounts/get`
        // by id or by email): a struct of optional fields, sent as the SDK sends it.
        merge_union_bodies: true,
        key_exchange: Some(KeyExchange {
            noun: s("a publishable key"),
            prefix: Some(s("seam_pk")),
            security_scheme: s("publishable_key"),
            operation_path: s("/client_sessions/get_or_create"),
            user_parameter: s("user_identifier_key"),
            user_noun: s("a user identifier key"),
            token_field: s("token"),
            credential: s("client_session_token"),
            constructor: s("from_publishable_key"),
            build_method: s("build_from_publishable_key"),
        }),
        // Seam sends webhooks through Svix; `@seamapi/webhook` verifies them and
        // returns the `event` they carry.
        webhooks: Some(Webhooks {
            event_schema: s("event"),
            docs_url: Some(s("https://docs.seam.co/latest/developer-tools/webhooks")),
            example_secret: s("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        }),
    }
}
