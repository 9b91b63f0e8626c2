//! Builder validation, environment configuration (through `.env_source`), token
//! prefix checks, and that no token is ever shown.

use std::collections::HashMap;
use std::time::Duration;

use seam::models::AcsCredentialAccessMethod;
use seam::{Error, Seam, SeamBuilder};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// A builder that reads the given variables instead of the process environment.
fn with_env(vars: &[(&str, &str)]) -> SeamBuilder {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Seam::builder().env_source(move |name| vars.get(name).cloned())
}

/// The message of an `InvalidOptions` error; panics on success or another error.
fn invalid_options(result: Result<Seam, Error>) -> String {
    let err = match result {
        Ok(seam) => panic!("expected InvalidOptions, got {seam:?}"),
        Err(err) => err,
    };
    assert_error_has_no_token(&err);
    let shown = err.to_string();
    match err {
        Error::InvalidOptions { message, .. } => {
            assert_eq!(shown, format!("invalid Seam client options: {message}"));
            message
        }
        other => panic!("expected InvalidOptions, got {other:?}"),
    }
}

/// A successful `/acs/credentials/list` body of one page.
fn list_response() -> serde_json::Value {
    serde_json::json!({
        "acs_credentials": [],
        "pagination": {"next_page_cursor": null, "has_next_page": false, "next_page_url": null},
        "ok": true,
    })
}

/// Sends one `list`, which every kind of credentials may call, with `seam`
/// to `server` and returns the request it received.
async fn request_sent(server: &MockServer, seam: &Seam) -> wiremock::Request {
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(list_response()))
        .mount(server)
        .await;
    seam.acs().credentials().list().await.unwrap();
    only_request(server).await
}

#[test]
fn client_is_cheap_to_share() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Seam>();
    assert_shareable::<SeamBuilder>();
    assert_shareable::<seam::resources::AcsCredentialsCreate>();
}

#[test]
fn no_credentials_is_refused() {
    let message = invalid_options(Seam::builder().ignore_env().build());
    assert!(message.contains("no credentials"), "{message}");
    assert!(message.contains(".api_key(..)"), "{message}");
    assert!(message.contains("SEAM_API_KEY"), "{message}");
    // An empty environment is the same.
    let message = invalid_options(with_env(&[]).build());
    assert!(message.contains("no credentials"), "{message}");
}

#[test]
fn personal_access_token_needs_a_workspace() {
    let message = invalid_options(
        Seam::builder()
            .ignore_env()
            .personal_access_token(PAT)
            .build(),
    );
    assert_eq!(
        message,
        "a personal access token needs a workspace id: call .workspace_id(..) or set SEAM_WORKSPACE_ID"
    );
    let message = invalid_options(
        Seam::builder()
            .ignore_env()
            .console_session_token(CONSOLE_JWT)
            .build(),
    );
    assert!(message.contains("call .workspace_id(..)"), "{message}");
    // From the environment too.
    let message = invalid_options(with_env(&[("SEAM_PERSONAL_ACCESS_TOKEN", PAT)]).build());
    assert!(message.contains("SEAM_WORKSPACE_ID"), "{message}");
}

#[test]
fn tokens_of_the_wrong_kind_are_refused() {
    let cases: Vec<(SeamBuilder, &str)> = vec![
        (Seam::builder().api_key(PAT), "is a personal access token (it starts with seam_at): pass it with .personal_access_token(..)"),
        (Seam::builder().api_key(CST), "is a client session token (it starts with seam_cst): pass it with .client_session_token(..)"),
        (Seam::builder().api_key(CONSOLE_JWT), ".console_session_token(..)"),
        (Seam::builder().api_key("seam_pk1_publishable"), "publishable key"),
        (Seam::builder().api_key("not_a_token"), "unknown format: expected it to start with seam_"),
        (
            Seam::builder().personal_access_token(API_KEY).workspace_id(WORKSPACE_ID),
            "is an API key (it starts with seam_): pass it with .api_key(..)",
        ),
        (
            Seam::builder().personal_access_token(CST).workspace_id(WORKSPACE_ID),
            ".client_session_token(..)",
        ),
        (
            Seam::builder().console_session_token(API_KEY).workspace_id(WORKSPACE_ID),
            ".api_key(..)",
        ),
        (
            Seam::builder().console_session_token("jwt-less").workspace_id(WORKSPACE_ID),
            "expected it to start with ey",
        ),
        (Seam::builder().client_session_token(API_KEY), ".api_key(..)"),
        (Seam::builder().client_session_token(PAT), ".personal_access_token(..)"),
        (Seam::builder().api_key(""), "an API key was given but is empty"),
    ];
    for (builder, expected) in cases {
        let message = invalid_options(builder.ignore_env().build());
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
    }
}

#[test]
fn two_kinds_of_credentials_are_refused() {
    let message = invalid_options(
        Seam::builder()
            .ignore_env()
            .api_key(API_KEY)
            .personal_access_token(PAT)
            .workspace_id(WORKSPACE_ID)
            .build(),
    );
    assert!(
        message.contains("only one kind of credentials"),
        "{message}"
    );
    assert!(message.contains("an API key"), "{message}");
    assert!(message.contains("a personal access token"), "{message}");
}

#[test]
fn workspace_id_with_an_api_key_is_refused() {
    let message = invalid_options(
        Seam::builder()
            .ignore_env()
            .api_key(API_KEY)
            .workspace_id(WORKSPACE_ID)
            .build(),
    );
    assert!(message.contains("remove .workspace_id(..)"), "{message}");
}

#[test]
fn bad_endpoints_are_refused() {
    for endpoint in ["not a url", "ftp://example.com", "https://example.com/?a=b"] {
        let message = invalid_options(
            Seam::builder()
                .ignore_env()
                .api_key(API_KEY)
                .endpoint(endpoint)
                .build(),
        );
        assert!(message.contains("endpoint"), "{message}");
    }
    let message =
        invalid_options(with_env(&[("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", "nope")]).build());
    assert!(message.contains("\"nope\""), "{message}");
}

#[tokio::test]
async fn api_key_and_endpoint_come_from_the_environment() {
    let server = MockServer::start().await;
    let seam = with_env(&[("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", &server.uri())])
        .build()
        .unwrap();
    let request = request_sent(&server, &seam).await;
    assert_request(
        &request,
        "/acs/credentials/list",
        Auth::ApiKey,
        serde_json::json!({}),
    );
}

#[tokio::test]
async fn personal_access_token_and_workspace_come_from_the_environment() {
    let server = MockServer::start().await;
    let seam = with_env(&[
        ("SEAM_PERSONAL_ACCESS_TOKEN", PAT),
        ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
        ("SEAM_ENDPOINT", &format!("{}/", server.uri())),
    ])
    .build()
    .unwrap();
    let request = request_sent(&server, &seam).await;
    assert_request(
        &request,
        "/acs/credentials/list",
        Auth::PersonalAccessToken,
        serde_json::json!({}),
    );
}

#[tokio::test]
async fn explicit_values_win_over_the_environment() {
    let server = MockServer::start().await;
    let other_key = "seam_envkey_OTHER";

    // An explicit API key and endpoint win over the environment's.
    let seam = with_env(&[
        ("SEAM_API_KEY", other_key),
        ("SEAM_ENDPOINT", "http://127.0.0.1:9"),
    ])
    .api_key(API_KEY)
    .endpoint(server.uri())
    .build()
    .unwrap();
    let request = request_sent(&server, &seam).await;
    let bearer = format!("Bearer {API_KEY}");
    assert_eq!(header(&request, "authorization"), Some(bearer.as_str()));

    // An explicit token of another kind means the environment's token is not
    // read, but the workspace id still comes from there...
    let seam = with_env(&[
        ("SEAM_API_KEY", other_key),
        ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
    ])
    .personal_access_token(PAT)
    .endpoint(server.uri())
    .build()
    .unwrap();
    let request = request_sent(&server, &seam).await;
    let bearer = format!("Bearer {PAT}");
    assert_eq!(header(&request, "authorization"), Some(bearer.as_str()));
    assert_eq!(header(&request, "seam-workspace"), Some(WORKSPACE_ID));

    // ...unless it is given explicitly too.
    let seam = with_env(&[("SEAM_WORKSPACE_ID", "env-workspace")])
        .personal_access_token(PAT)
        .workspace_id(WORKSPACE_ID)
        .endpoint(server.uri())
        .build()
        .unwrap();
    let request = request_sent(&server, &seam).await;
    assert_eq!(header(&request, "seam-workspace"), Some(WORKSPACE_ID));

    // SEAM_WORKSPACE_ID is not an error with an API key: it is just not used.
    let seam = with_env(&[("SEAM_WORKSPACE_ID", WORKSPACE_ID)])
        .api_key(API_KEY)
        .endpoint(server.uri())
        .build()
        .unwrap();
    let request = request_sent(&server, &seam).await;
    assert_eq!(header(&request, "seam-workspace"), None);
}

#[test]
fn environment_conflicts_and_empty_values() {
    let message = invalid_options(
        with_env(&[
            ("SEAM_API_KEY", API_KEY),
            ("SEAM_PERSONAL_ACCESS_TOKEN", PAT),
            ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
        ])
        .build(),
    );
    assert!(
        message.contains("both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN"),
        "{message}"
    );

    // Empty variables count as unset.
    let message = invalid_options(with_env(&[("SEAM_API_KEY", "")]).build());
    assert!(message.contains("no credentials"), "{message}");
    assert!(with_env(&[
        ("SEAM_API_KEY", API_KEY),
        ("SEAM_PERSONAL_ACCESS_TOKEN", "")
    ])
    .build()
    .is_ok());

    // A token from the environment is checked like an explicit one.
    let message = invalid_options(with_env(&[("SEAM_API_KEY", PAT)]).build());
    assert!(message.contains("personal access token"), "{message}");
    let message = invalid_options(
        with_env(&[
            ("SEAM_PERSONAL_ACCESS_TOKEN", API_KEY),
            ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
        ])
        .build(),
    );
    assert!(
        message.contains(".api_key(..) or SEAM_API_KEY"),
        "{message}"
    );

    // ignore_env() reads nothing, whatever source was set before.
    let message = invalid_options(with_env(&[("SEAM_API_KEY", API_KEY)]).ignore_env().build());
    assert!(message.contains("no credentials"), "{message}");
}

#[tokio::test]
async fn headers_per_kind_of_credentials() {
    let server = MockServer::start().await;
    for auth in [
        Auth::ApiKey,
        Auth::PersonalAccessToken,
        Auth::ConsoleSessionToken,
        Auth::ClientSessionToken,
    ] {
        let request = request_sent(&server, &auth.client(&server)).await;
        assert_request(
            &request,
            "/acs/credentials/list",
            auth,
            serde_json::json!({}),
        );
    }
}

#[test]
fn seam_new_takes_an_api_key() {
    assert!(Seam::new(API_KEY).is_ok());
    let message = invalid_options(Seam::new(PAT));
    assert!(message.contains(".personal_access_token(..)"), "{message}");
}

#[test]
fn debug_output_never_shows_tokens() {
    let builder = Seam::builder()
        .ignore_env()
        .personal_access_token(PAT)
        .workspace_id(WORKSPACE_ID);
    let shown = format!("{builder:?} {builder:#?}");
    assert_no_token(&shown);
    assert!(shown.contains("<redacted>"), "{shown}");

    let seam = builder.build().unwrap();
    let shown = format!("{seam:?} {seam:#?}");
    assert_no_token(&shown);
    assert!(
        shown.contains("auth: \"a personal access token\""),
        "{shown}"
    );
    assert!(shown.contains(WORKSPACE_ID), "{shown}");

    for auth in [
        Auth::ApiKey,
        Auth::ClientSessionToken,
        Auth::ConsoleSessionToken,
    ] {
        let seam = Seam::builder().ignore_env().endpoint("http://127.0.0.1:9");
        let seam = match auth {
            Auth::ApiKey => seam.api_key(API_KEY),
            Auth::ClientSessionToken => seam.client_session_token(CST),
            _ => seam
                .console_session_token(CONSOLE_JWT)
                .workspace_id(WORKSPACE_ID),
        };
        assert_no_token(&format!("{seam:?}"));
        let seam = seam.build().unwrap();
        assert_no_token(&format!("{seam:?}"));

        // Request builders hold the client; their Debug output hides it too.
        let credentials = seam.acs().credentials();
        let shown = format!(
            "{credentials:?} {:?} {:#?} {:?}",
            credentials
                .create(AcsCredentialAccessMethod::Code)
                .code("1234"),
            credentials.list().page_cursor_null(),
            credentials.unmanaged().get(CREDENTIAL_ID),
        );
        assert_no_token(&shown);
        // The PIN code is a secret too: Debug shows that it is set, not its value.
        assert!(!shown.contains("1234"), "{shown}");
        assert!(shown.contains("code: Some(<redacted>)"), "{shown}");
    }
    let builder = with_env(&[("SEAM_API_KEY", API_KEY)]);
    assert_no_token(&format!("{builder:?}"));
}

#[tokio::test]
async fn no_token_in_any_error() {
    // Refused options, API errors, transport errors and timeouts.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string("Unauthorized")
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    for auth in [
        Auth::ApiKey,
        Auth::PersonalAccessToken,
        Auth::ConsoleSessionToken,
        Auth::ClientSessionToken,
    ] {
        let seam = auth.client(&server);
        let err = seam.acs().credentials().list().await.unwrap_err();
        assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
        assert_error_has_no_token(&err);
        let err = seam
            .acs()
            .credentials()
            .list()
            .timeout(Duration::from_millis(20))
            .max_retries(0)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
        assert_error_has_no_token(&err);
    }
    let refused = Seam::builder()
        .ignore_env()
        .api_key(API_KEY)
        .endpoint("ftp://127.0.0.1")
        .build()
        .unwrap_err();
    assert_error_has_no_token(&refused);
}

#[tokio::test]
async fn the_deprecated_endpoint_variable_is_read_after_the_current_one() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let seam = with_env(&[("SEAM_API_KEY", "seam_key_1"), ("SEAM_API_URL", &uri)])
        .build()
        .expect("SEAM_API_URL names the endpoint");
    let request = request_sent(&server, &seam).await;
    assert_eq!(request.url.path(), "/acs/credentials/list");

    // SEAM_ENDPOINT wins over its deprecated alias.
    let seam = with_env(&[
        ("SEAM_API_KEY", "seam_key_1"),
        ("SEAM_ENDPOINT", &uri),
        ("SEAM_API_URL", "http://127.0.0.1:9"),
    ])
    .build()
    .unwrap();
    request_sent(&server, &seam).await;
}

/// spec/ has no operation to check a new client session token with, so the
/// client replaces it at once: every clone and handle sends the new one, both
/// as the bearer token and in `client-session-token`, and Debug shows neither.
#[tokio::test]
async fn a_client_session_token_is_replaced_for_every_clone() {
    const NEW_CST: &str = "seam_cst_replacement_token";
    let server = MockServer::start().await;
    let seam = Auth::ClientSessionToken.client(&server);
    let clone = seam.clone();
    let handle = seam.acs().credentials();
    seam.update_client_session_token(NEW_CST)
        .await
        .expect("replaced");
    for sent in [
        request_sent(&server, &clone).await,
        request_sent(&server, &seam).await,
    ] {
        assert_eq!(
            header(&sent, "authorization"),
            Some(format!("Bearer {NEW_CST}").as_str())
        );
        assert_eq!(header(&sent, "client-session-token"), Some(NEW_CST));
    }
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(list_response()))
        .mount(&server)
        .await;
    handle.list().await.expect("handle from before");
    assert_eq!(
        header(&only_request(&server).await, "client-session-token"),
        Some(NEW_CST)
    );
    let shown = format!("{seam:?}");
    assert!(!shown.contains(NEW_CST) && !shown.contains(CST), "{shown}");

    // Nothing to replace in an API-key client; a token of another kind is refused.
    let api_key_client = Auth::ApiKey.client(&server);
    let err = api_key_client
        .update_client_session_token(NEW_CST)
        .await
        .expect_err("no session token");
    assert!(matches!(err, Error::InvalidOptions { .. }), "{err:?}");
    let err = seam
        .update_client_session_token(API_KEY)
        .await
        .expect_err("an API key");
    assert_error_has_no_token(&err);
    assert!(err.to_string().contains("is an API key"), "{err}");
    assert_eq!(
        header(&request_sent(&server, &seam).await, "client-session-token"),
        Some(NEW_CST)
    );
}

#[tokio::test]
async fn an_operation_a_client_session_cannot_call_is_refused_before_sending() {
    // spec/ lets client sessions list credentials, and nothing else.
    let server = MockServer::start().await;
    let seam = Auth::ClientSessionToken.client(&server);
    let err = seam
        .acs()
        .credentials()
        .delete(CREDENTIAL_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::MissingCredentials {
                operation: "acs.credentials.delete",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "acs.credentials.delete needs a personal access token (.personal_access_token(..) or \
         SEAM_PERSONAL_ACCESS_TOKEN), a console session token (.console_session_token(..)), or \
         an API key (.api_key(..) or SEAM_API_KEY); the client holds none of these"
    );
    assert_error_has_no_token(&err);
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}
