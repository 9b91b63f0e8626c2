//! Every operation on the wire: method, path, headers and exact JSON body sent,
//! and the value returned.

use seam::models::{
    AcsCredential, AcsCredentialAccessMethod, AcsCredentialVisionlineMetadataCardFunctionType,
    AcsCredentialsCreateAssaAbloyVostioMetadata, AcsCredentialsCreateHotekMetadata,
    AcsCredentialsCreateSaltoSpaceMetadata, AcsCredentialsCreateVisionlineMetadata,
    AcsCredentialsCreateVisionlineMetadataCardFormat, AcsEntrance,
    AcsEntranceVisionlineMetadataDoorCategory,
    AcsEntranceVisionlineMetadataProfileVisionlineDoorProfileType, UnmanagedAcsCredential,
};
use serde_json::{json, Value};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// A server that answers `op` (and only it) with `body`, once.
async fn server_for(op: Op, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .and(path(op.path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The credential that `credential(CREDENTIAL_ID)` describes, decoded.
fn expected_credential(id: &str) -> AcsCredential {
    let mut credential = AcsCredential::default();
    credential.acs_credential_id = id.to_owned();
    credential.connected_account_id = "11111111-1111-1111-1111-111111111111".to_owned();
    credential.acs_system_id = SYSTEM_ID.to_owned();
    credential.acs_user_id = Some(USER_ID.to_owned());
    credential.workspace_id = WORKSPACE_ID.to_owned();
    credential.display_name = "Multi Phone Sync Credential".to_owned();
    credential.access_method = AcsCredentialAccessMethod::MobileKey;
    credential.code = None;
    credential.created_at = at("2024-04-12T03:56:22.396Z");
    credential.errors = vec![];
    credential.warnings = vec![];
    credential.is_managed = true;
    credential.is_multi_phone_sync_credential = Some(true);
    credential
}

#[tokio::test]
async fn create_sends_every_field_and_returns_the_credential() {
    let op = Op::Create;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::PersonalAccessToken.client(&server);

    let request = seam
        .acs()
        .credentials()
        .create(AcsCredentialAccessMethod::Card)
        .acs_user_id(USER_ID)
        .user_identity_id(IDENTITY_ID)
        .acs_system_id(SYSTEM_ID)
        .credential_manager_acs_system_id("77777777-7777-7777-7777-777777777777")
        .allowed_acs_entrance_ids(vec![ENTRANCE_ID.to_owned()])
        .code("123456")
        .starts_at(at("2024-03-01T10:40:00Z"))
        .ends_at(at("2024-03-04T10:40:00.250Z"))
        .is_multi_phone_sync_credential(false)
        .visionline_metadata(
            AcsCredentialsCreateVisionlineMetadata::default()
                .with_card_format(AcsCredentialsCreateVisionlineMetadataCardFormat::Rfid48)
                .with_card_function_type(AcsCredentialVisionlineMetadataCardFunctionType::Staff)
                .with_joiner_acs_credential_ids(vec![credential_id(7)])
                .with_override(true)
                .with_auto_join(false),
        )
        .assa_abloy_vostio_metadata(
            AcsCredentialsCreateAssaAbloyVostioMetadata::default()
                .with_auto_join(true)
                .with_override_guest_acs_entrance_ids(vec![ENTRANCE_ID.to_owned()]),
        )
        .salto_space_metadata(
            AcsCredentialsCreateSaltoSpaceMetadata::default().with_assign_new_key(true),
        )
        .hotek_metadata(AcsCredentialsCreateHotekMetadata::default().with_override(false));
    let expected_body = json!({
        "access_method": "card",
        "acs_user_id": USER_ID,
        "user_identity_id": IDENTITY_ID,
        "acs_system_id": SYSTEM_ID,
        "credential_manager_acs_system_id": "77777777-7777-7777-7777-777777777777",
        "allowed_acs_entrance_ids": [ENTRANCE_ID],
        "code": "123456",
        "starts_at": "2024-03-01T10:40:00Z",
        "ends_at": "2024-03-04T10:40:00.250Z",
        "is_multi_phone_sync_credential": false,
        "visionline_metadata": {
            "card_format": "rfid48",
            "card_function_type": "staff",
            "joiner_acs_credential_ids": [credential_id(7)],
            "override": true,
            "auto_join": false
        },
        "assa_abloy_vostio_metadata": {
            "auto_join": true,
            "override_guest_acs_entrance_ids": [ENTRANCE_ID]
        },
        "salto_space_metadata": { "assign_new_key": true },
        "hotek_metadata": { "override": false }
    });
    // `.body()` shows exactly what will be sent.
    assert_eq!(serde_json::to_value(request.body()).unwrap(), expected_body);

    let credential: AcsCredential = request.send().await.unwrap();
    assert_eq!(credential, expected_credential(CREDENTIAL_ID));
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::PersonalAccessToken,
        expected_body,
    );
}

#[tokio::test]
async fn create_omits_unset_optional_fields() {
    let op = Op::Create;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    // The builder is awaited directly (IntoFuture).
    let credential = seam
        .acs()
        .credentials()
        .create(AcsCredentialAccessMethod::Code)
        .acs_user_id(USER_ID)
        .await
        .unwrap();
    assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({ "access_method": "code", "acs_user_id": USER_ID }),
    );
}

#[tokio::test]
async fn assign_sends_ids_and_returns_nothing() {
    let op = Op::Assign;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    let () = seam
        .acs()
        .credentials()
        .assign(CREDENTIAL_ID)
        .acs_user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({ "acs_credential_id": CREDENTIAL_ID, "acs_user_id": USER_ID }),
    );
}

#[tokio::test]
async fn unassign_sends_ids_and_returns_nothing() {
    let op = Op::Unassign;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::PersonalAccessToken.client(&server);
    let () = seam
        .acs()
        .credentials()
        .unassign(CREDENTIAL_ID)
        .user_identity_id(IDENTITY_ID)
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::PersonalAccessToken,
        json!({ "acs_credential_id": CREDENTIAL_ID, "user_identity_id": IDENTITY_ID }),
    );
}

#[tokio::test]
async fn update_sends_changes_and_returns_nothing() {
    let op = Op::Update;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ConsoleSessionToken.client(&server);
    let () = seam
        .acs()
        .credentials()
        .update(CREDENTIAL_ID)
        .code("5678")
        .ends_at(at("2024-04-01T00:00:00Z"))
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ConsoleSessionToken,
        json!({
            "acs_credential_id": CREDENTIAL_ID,
            "code": "5678",
            "ends_at": "2024-04-01T00:00:00Z"
        }),
    );
}

#[tokio::test]
async fn update_with_only_the_id() {
    let op = Op::Update;
    let server = server_for(op, op.ok_body()).await;
    Auth::ApiKey
        .client(&server)
        .acs()
        .credentials()
        .update(CREDENTIAL_ID)
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({ "acs_credential_id": CREDENTIAL_ID }),
    );
}

#[tokio::test]
async fn delete_sends_the_id_and_returns_nothing() {
    let op = Op::Delete;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    let () = seam
        .acs()
        .credentials()
        .delete(CREDENTIAL_ID)
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({ "acs_credential_id": CREDENTIAL_ID }),
    );
}

#[tokio::test]
async fn get_sends_the_id_and_returns_the_credential() {
    let op = Op::Get;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ConsoleSessionToken.client(&server);
    let credential: AcsCredential = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(credential, expected_credential(CREDENTIAL_ID));
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ConsoleSessionToken,
        json!({ "acs_credential_id": CREDENTIAL_ID }),
    );
}

#[tokio::test]
async fn list_sends_filters_and_an_explicit_null_cursor() {
    let op = Op::List;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ClientSessionToken.client(&server);
    let request = seam
        .acs()
        .credentials()
        .list()
        .acs_user_id(USER_ID)
        .acs_system_id(SYSTEM_ID)
        .user_identity_id(IDENTITY_ID)
        .limit(100.0)
        .page_cursor("ignored")
        .page_cursor_null()
        .created_before(at("2024-05-01T12:00:00Z"))
        .is_multi_phone_sync_credential(true)
        .search("Multi");
    assert_eq!(request.body().page_cursor, Some(None));
    let credentials: Vec<AcsCredential> = request.send().await.unwrap();
    assert_eq!(
        credentials,
        [
            expected_credential(&credential_id(1)),
            expected_credential(&credential_id(2))
        ]
    );
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ClientSessionToken,
        json!({
            "acs_user_id": USER_ID,
            "acs_system_id": SYSTEM_ID,
            "user_identity_id": IDENTITY_ID,
            "limit": 100.0,
            "page_cursor": null,
            "created_before": "2024-05-01T12:00:00Z",
            "is_multi_phone_sync_credential": true,
            "search": "Multi"
        }),
    );
}

#[tokio::test]
async fn list_without_filters_sends_an_empty_object() {
    let op = Op::List;
    let server = server_for(op, op.ok_body()).await;
    let credentials = Auth::ApiKey
        .client(&server)
        .acs()
        .credentials()
        .list()
        .await
        .unwrap();
    assert_eq!(credentials.len(), 2);
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({}),
    );
}

#[tokio::test]
async fn list_sends_a_given_cursor() {
    let op = Op::List;
    let server = server_for(op, op.ok_body()).await;
    Auth::PersonalAccessToken
        .client(&server)
        .acs()
        .credentials()
        .list()
        .page_cursor("cursor_2")
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::PersonalAccessToken,
        json!({ "page_cursor": "cursor_2" }),
    );
}

#[tokio::test]
async fn list_accessible_entrances_returns_entrances() {
    let op = Op::ListAccessibleEntrances;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::PersonalAccessToken.client(&server);
    let entrances: Vec<AcsEntrance> = seam
        .acs()
        .credentials()
        .list_accessible_entrances(CREDENTIAL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(entrances.len(), 1);
    let entrance = &entrances[0];
    assert_eq!(entrance.acs_entrance_id, ENTRANCE_ID);
    assert_eq!(entrance.display_name, "Room 101");
    assert_eq!(entrance.created_at, at("2024-04-12T03:56:22.396Z"));
    assert_eq!(entrance.space_ids, ["66666666-6666-6666-6666-666666666666"]);
    assert_eq!(entrance.can_unlock_with_card, Some(true));
    assert_eq!(entrance.can_unlock_with_code, Some(false));
    assert_eq!(entrance.can_unlock_with_mobile_key, None);
    let visionline = entrance.visionline_metadata.as_ref().unwrap();
    assert_eq!(
        visionline.door_category,
        AcsEntranceVisionlineMetadataDoorCategory::Guest
    );
    let profiles = visionline.profiles.as_ref().unwrap();
    assert_eq!(
        profiles[0].visionline_door_profile_type,
        AcsEntranceVisionlineMetadataProfileVisionlineDoorProfileType::Ble
    );
    assert_eq!(
        serde_json::to_value(entrance).unwrap(),
        crate::support::entrance(ENTRANCE_ID)
    );
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::PersonalAccessToken,
        json!({ "acs_credential_id": CREDENTIAL_ID }),
    );
}

#[tokio::test]
async fn create_offline_code_sends_its_fields() {
    let op = Op::CreateOfflineCode;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    let credential: AcsCredential = seam
        .acs()
        .credentials()
        .create_offline_code(USER_ID, ENTRANCE_ID)
        .starts_at(at("2024-03-01T10:40:00Z"))
        .ends_at(at("2024-03-02T10:40:00Z"))
        .is_one_time_use(true)
        .send()
        .await
        .unwrap();
    assert_eq!(credential, expected_credential(CREDENTIAL_ID));
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({
            "acs_user_id": USER_ID,
            "allowed_acs_entrance_id": ENTRANCE_ID,
            "starts_at": "2024-03-01T10:40:00Z",
            "ends_at": "2024-03-02T10:40:00Z",
            "is_one_time_use": true
        }),
    );
}

#[tokio::test]
async fn create_offline_code_with_required_fields_only() {
    let op = Op::CreateOfflineCode;
    let server = server_for(op, op.ok_body()).await;
    Auth::PersonalAccessToken
        .client(&server)
        .acs()
        .credentials()
        .create_offline_code(USER_ID, ENTRANCE_ID)
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::PersonalAccessToken,
        json!({ "acs_user_id": USER_ID, "allowed_acs_entrance_id": ENTRANCE_ID }),
    );
}

#[tokio::test]
async fn unmanaged_get_returns_an_unmanaged_credential() {
    let op = Op::UnmanagedGet;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::PersonalAccessToken.client(&server);
    let credential: UnmanagedAcsCredential = seam
        .acs()
        .credentials()
        .unmanaged()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);
    assert!(!credential.is_managed);
    assert_eq!(credential.access_method, AcsCredentialAccessMethod::Card);
    assert_eq!(credential.card_number.as_deref(), Some("0042"));
    assert_eq!(credential.display_name, "Front desk card");
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::PersonalAccessToken,
        json!({ "acs_credential_id": CREDENTIAL_ID }),
    );
}

#[tokio::test]
async fn unmanaged_list_sends_filters() {
    let op = Op::UnmanagedList;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    let credentials: Vec<UnmanagedAcsCredential> = seam
        .acs()
        .credentials()
        .unmanaged()
        .list()
        .acs_user_id(USER_ID)
        .acs_system_id(SYSTEM_ID)
        .user_identity_id(IDENTITY_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(credentials.len(), 1);
    assert!(!credentials[0].is_managed);
    assert_eq!(credentials[0].acs_credential_id, CREDENTIAL_ID);
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({
            "acs_user_id": USER_ID,
            "acs_system_id": SYSTEM_ID,
            "user_identity_id": IDENTITY_ID
        }),
    );
}

#[tokio::test]
async fn unmanaged_list_without_filters() {
    let op = Op::UnmanagedList;
    let server = server_for(op, op.ok_body()).await;
    let credentials = Auth::ConsoleSessionToken
        .client(&server)
        .acs()
        .credentials()
        .unmanaged()
        .list()
        .await
        .unwrap();
    assert_eq!(credentials.len(), 1);
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ConsoleSessionToken,
        json!({}),
    );
}

/// Every operation posts to its own path, and nothing else, with the headers.
#[tokio::test]
async fn every_operation_is_sent_once_with_its_method_to_its_path() {
    let server = MockServer::start().await;
    for op in Op::ALL {
        Mock::given(any())
            .and(path(op.path()))
            .respond_with(ResponseTemplate::new(200).set_body_json(op.ok_body()))
            .expect(1)
            .mount(&server)
            .await;
    }
    let seam = client(&server);
    for op in Op::ALL {
        op.call(&seam, Opts::default())
            .await
            .unwrap_or_else(|e| panic!("{op:?}: {e}"));
    }
    let requests = server.received_requests().await.unwrap();
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    let expected: Vec<&str> = Op::ALL.iter().map(|op| op.path()).collect();
    assert_eq!(paths, expected);
    for (request, op) in requests.iter().zip(Op::ALL) {
        assert_eq!(request.method.as_str(), op.method(), "{op:?}");
        let content_type = (!op.params_in_query()).then_some("application/json");
        assert_eq!(header(request, "content-type"), content_type, "{op:?}");
        assert_eq!(header(request, "seam-sdk-name"), Some("seamapi/rust"));
    }
}

#[tokio::test]
async fn endpoint_and_path_are_joined_with_one_slash() {
    let server = MockServer::start().await;
    Mock::given(any())
        .and(path("/acs/credentials/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_response(CREDENTIAL_ID)))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .and(path("/proxy/seam/acs/credentials/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_response(CREDENTIAL_ID)))
        .expect(2)
        .mount(&server)
        .await;
    for endpoint in [
        server.uri(),
        format!("{}/", server.uri()),
        format!("{}/proxy/seam", server.uri()),
        format!("{}/proxy/seam/", server.uri()),
    ] {
        let seam = builder(&server)
            .endpoint(endpoint)
            .api_key(API_KEY)
            .build()
            .unwrap();
        let credential = seam.acs().credentials().get(CREDENTIAL_ID).await.unwrap();
        assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);
    }
    assert_eq!(request_count(&server).await, 4);
}

#[tokio::test]
async fn void_operations_need_the_success_envelope() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("OK", "application/json"))
        .mount(&server)
        .await;
    let seam = client(&server);
    for op in Op::ALL.into_iter().filter(|op| op.response_key().is_none()) {
        let err = op.call(&seam, Opts::default()).await.unwrap_err();
        assert!(
            matches!(&err, seam::Error::Decode { operation, path, .. } if *operation == op.name() && path == "."),
            "{op:?}: {err:?}"
        );
    }
    assert_eq!(request_count(&server).await, 4);

    // The same body as text is not parsed at all: its media type is refused.
    let text = answering_with(ResponseTemplate::new(200).set_body_string("OK")).await;
    let seam_text = client(&text);
    for op in Op::ALL.into_iter().filter(|op| op.response_key().is_none()) {
        let err = op.call(&seam_text, Opts::default()).await.unwrap_err();
        assert!(
            matches!(&err, seam::Error::UnexpectedContentType { operation, status: 200, content_type, .. } if *operation == op.name() && content_type == "text/plain"),
            "{op:?}: {err:?}"
        );
    }

    // What they ignore is the rest of the envelope: `{"ok": true}` alone or with a value.
    for body in [json!({ "ok": true }), get_response(CREDENTIAL_ID)] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
        for op in Op::ALL.into_iter().filter(|op| op.response_key().is_none()) {
            op.call(&client(&server), Opts::default())
                .await
                .unwrap_or_else(|e| panic!("{op:?}: {e}"));
        }
    }
}

#[tokio::test]
async fn unknown_top_level_keys_are_ignored() {
    let mut body = get_response(CREDENTIAL_ID);
    body["another_top_level_key"] = json!({ "nested": [1, 2, 3] });
    let server = server_for(Op::Get, body).await;
    let credential = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .await
        .unwrap();
    assert_eq!(credential, expected_credential(CREDENTIAL_ID));
}

#[tokio::test]
async fn requests_can_be_sent_from_spawned_tasks() {
    let op = Op::Get;
    let server = server_for(op, op.ok_body()).await;
    let request = client(&server).acs().credentials().get(CREDENTIAL_ID);
    let credential = tokio::spawn(std::future::IntoFuture::into_future(request))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credential, expected_credential(CREDENTIAL_ID));
}

#[tokio::test]
async fn values_read_from_a_credential_go_back_into_create_and_update() {
    // One type for one thing: a credential's access method is what `create`
    // takes, and its `ends_at` (a bare string in the spec's response, a
    // date-time in its requests) is the `DateTime` that `update` takes.
    let mut sent = credential(CREDENTIAL_ID);
    sent["ends_at"] = json!("2024-03-04T10:40:00Z");
    let read: AcsCredential = serde_json::from_value(sent).unwrap();
    let ends_at = read.ends_at.expect("decoded as a date-time");

    let op = Op::Update;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    let credentials = seam.acs().credentials();
    credentials
        .update(CREDENTIAL_ID)
        .ends_at(ends_at)
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        op.path(),
        Auth::ApiKey,
        json!({ "acs_credential_id": CREDENTIAL_ID, "ends_at": "2024-03-04T10:40:00Z" }),
    );

    let op = Op::Create;
    let server = server_for(op, op.ok_body()).await;
    let seam = Auth::ApiKey.client(&server);
    let _ = seam
        .acs()
        .credentials()
        .create(read.access_method.clone())
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(body["access_method"], "mobile_key");
}
