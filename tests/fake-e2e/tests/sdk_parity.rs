//! Seam's own JavaScript SDK (`@seamapi/http`) and the full generated client
//! (`seam-full`, as `seam`: Seam's whole published API) send the same requests for the
//! same calls. Over 150 different operations of Seam's API, spread over its
//! resources (ACS users, systems, entrances, access groups, credentials and
//! encoders; access codes, devices, locks, thermostats, noise sensors,
//! connected accounts, Connect Webviews, client sessions, user identities,
//! webhooks, workspaces, events, action attempts, phones, spaces, customers,
//! instant keys), each driven once through the SDK and once through the Rust
//! client, against a recording server each, must give the same method, path,
//! query string (byte for byte) and JSON body (see `tests/node/sdk_parity.rs`).
//! The four undocumented enrollment automation operations, which the SDK has
//! no methods for, go through its own request class (`JsCall::raw`).
//!
//! The arguments cover arrays of several items, nested objects (custom
//! metadata maps, Visionline and Ecobee metadata, climate settings, access
//! schedules, arrays of objects), explicit nulls, both booleans, integers and
//! fractions, date-times, and strings that a query string must escape (spaces,
//! `&`, `=`, `/`, `+`, `#`, `%`, non-ASCII) in GET and DELETE operations.

#[path = "../../node/sdk_parity.rs"]
mod js_sdk;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use seam::models::*;
use seam::Seam;
use seam_fake_e2e::{API_KEY, PERSONAL_ACCESS_TOKEN, WORKSPACE_ID};
use serde_json::json;

use crate::js_sdk::*;

const SYSTEM: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SYSTEM_2: &str = "4b1c2d3e-0000-4000-8000-00000000a002";
const USER: &str = "5f8c9a0e-1b2c-4d3e-8f9a-0b1c2d3e4f5a";
const ENTRANCE: &str = "c0ffee00-0000-4000-8000-000000000001";
const ENTRANCE_2: &str = "c0ffee00-0000-4000-8000-000000000002";
const ENTRANCE_3: &str = "c0ffee00-0000-4000-8000-000000000003";
const GROUP: &str = "9a9a9a9a-0000-4000-8000-000000000001";
const GROUP_2: &str = "9a9a9a9a-0000-4000-8000-000000000002";
const CREDENTIAL: &str = "cccccccc-0000-4000-8000-000000000001";
const CREDENTIAL_2: &str = "cccccccc-0000-4000-8000-000000000002";
const ENCODER: &str = "eeeeeeee-0000-4000-8000-000000000001";
const ENCODER_2: &str = "eeeeeeee-0000-4000-8000-000000000002";
const DEVICE: &str = "dddddddd-0000-4000-8000-000000000001";
const DEVICE_2: &str = "dddddddd-0000-4000-8000-000000000002";
const DEVICE_3: &str = "dddddddd-0000-4000-8000-000000000003";
const ACCESS_CODE: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const ACCESS_CODE_2: &str = "aaaaaaaa-0000-4000-8000-000000000002";
const IDENTITY: &str = "11111111-0000-4000-8000-000000000001";
const IDENTITY_2: &str = "11111111-0000-4000-8000-000000000002";
const ACCOUNT: &str = "22222222-0000-4000-8000-000000000001";
const ACCOUNT_2: &str = "22222222-0000-4000-8000-000000000002";
const WEBVIEW: &str = "33333333-0000-4000-8000-000000000001";
const WEBVIEW_2: &str = "33333333-0000-4000-8000-000000000002";
const SESSION: &str = "44444444-0000-4000-8000-000000000001";
const WEBHOOK: &str = "55555555-0000-4000-8000-000000000001";
const THRESHOLD: &str = "66666666-0000-4000-8000-000000000001";
const SCHEDULE: &str = "77777777-0000-4000-8000-000000000001";
const PROGRAM: &str = "88888888-0000-4000-8000-000000000001";
const PROGRAM_2: &str = "88888888-0000-4000-8000-000000000002";
const EVENT: &str = "99999999-0000-4000-8000-000000000001";
const ATTEMPT: &str = "abababab-0000-4000-8000-000000000001";
const ATTEMPT_2: &str = "abababab-0000-4000-8000-000000000002";
const SPACE: &str = "bcbcbcbc-0000-4000-8000-000000000001";
const SPACE_2: &str = "bcbcbcbc-0000-4000-8000-000000000002";
const AUTOMATION: &str = "cdcdcdcd-0000-4000-8000-000000000001";
const POOL: &str = "dededede-0000-4000-8000-000000000001";
const INSTANT_KEY: &str = "efefefef-0000-4000-8000-000000000001";

/// Characters a query string must escape, and some it must not.
const SEARCH: &str = "Ann & Bob=1/2+é ~*";
/// A name with spaces, `/`, `&`, `=` and non-ASCII letters.
const NAME: &str = "Front door / Lobby & Co=1 — Zoë";
/// A key with the characters that end or start parts of a URL.
const KEY: &str = "guest key/42?&=#%";
const EMAIL: &str = "jane+doe@example.com";
const PRESET: &str = "eco & away/2";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn calls() -> Vec<JsCall> {
    let call = JsCall::new;
    vec![
        // acs.users
        call(
            "acs.users.create",
            json!({
                "acs_system_id": SYSTEM,
                "full_name": "Jane Doe",
                "email_address": EMAIL,
                "phone_number": "+15555550100",
                "acs_access_group_ids": [GROUP, GROUP_2],
                "access_schedule": { "starts_at": "2025-06-01T10:00:00Z", "ends_at": null },
                "user_identity_id": IDENTITY,
            }),
        ),
        call(
            "acs.users.list",
            json!({
                "acs_system_id": SYSTEM,
                "search": SEARCH,
                "limit": 50,
                "page_cursor": null,
                "created_before": "2025-01-02T03:04:05Z",
                "user_identity_email_address": EMAIL,
                "user_identity_phone_number": "+1 555 0100",
            }),
        ),
        call("acs.users.get", json!({ "acs_user_id": USER })),
        call(
            "acs.users.update",
            json!({
                "acs_user_id": USER,
                "full_name": "Jane Q. Doe",
                "access_schedule": null,
                "email_address": "jane@example.com",
                "hid_acs_system_id": SYSTEM_2,
            }),
        ),
        call(
            "acs.users.delete",
            json!({ "acs_system_id": SYSTEM, "acs_user_id": USER }),
        ),
        call(
            "acs.users.list_accessible_entrances",
            json!({ "user_identity_id": IDENTITY, "acs_system_id": SYSTEM }),
        ),
        call(
            "acs.users.add_to_access_group",
            json!({ "acs_access_group_id": GROUP, "acs_user_id": USER }),
        ),
        call(
            "acs.users.remove_from_access_group",
            json!({ "acs_access_group_id": GROUP, "user_identity_id": IDENTITY }),
        ),
        call("acs.users.suspend", json!({ "acs_user_id": USER })),
        call(
            "acs.users.unsuspend",
            json!({ "user_identity_id": IDENTITY, "acs_system_id": SYSTEM }),
        ),
        call(
            "acs.users.revoke_access_to_all_entrances",
            json!({ "acs_user_id": USER }),
        ),
        // acs.systems
        call(
            "acs.systems.list",
            json!({ "connected_account_id": ACCOUNT, "customer_key": KEY }),
        ),
        call("acs.systems.get", json!({ "acs_system_id": SYSTEM })),
        call(
            "acs.systems.list_compatible_credential_manager_acs_systems",
            json!({ "acs_system_id": SYSTEM }),
        ),
        call(
            "acs.systems.report_devices",
            json!({
                "acs_system_id": SYSTEM,
                "acs_encoders": [
                    { "hotek_metadata": { "encoder_number": "7" }, "is_removed": false },
                    { "hotek_metadata": { "encoder_number": "8" } },
                ],
                "acs_entrances": [
                    {
                        "hotek_metadata": { "room_number": "101", "common_area_name": "Pool & Spa" },
                        "is_removed": true,
                    },
                    { "hotek_metadata": { "common_area_number": "2" } },
                ],
            }),
        ),
        // acs.entrances
        call(
            "acs.entrances.list",
            json!({
                "acs_system_id": SYSTEM,
                "acs_entrance_ids": [ENTRANCE, ENTRANCE_2, ENTRANCE_3],
                "search": "Room 1/2 & Suite=3 é",
                "limit": 10,
                "customer_key": KEY,
                "location_id": null,
            }),
        ),
        call("acs.entrances.get", json!({ "acs_entrance_id": ENTRANCE })),
        call(
            "acs.entrances.grant_access",
            json!({ "acs_entrance_id": ENTRANCE, "acs_user_id": USER }),
        ),
        call(
            "acs.entrances.list_credentials_with_access",
            json!({ "acs_entrance_id": ENTRANCE, "include_if": ["visionline_metadata.is_valid"] }),
        ),
        // acs.access_groups
        call(
            "acs.access_groups.list",
            json!({ "acs_system_id": SYSTEM, "user_identity_id": IDENTITY }),
        ),
        call(
            "acs.access_groups.get",
            json!({ "acs_access_group_id": GROUP }),
        ),
        call(
            "acs.access_groups.list_users",
            json!({ "acs_access_group_id": GROUP }),
        ),
        call(
            "acs.access_groups.list_accessible_entrances",
            json!({ "acs_access_group_id": GROUP }),
        ),
        call(
            "acs.access_groups.add_user",
            json!({ "acs_access_group_id": GROUP, "acs_user_id": USER }),
        ),
        call(
            "acs.access_groups.remove_user",
            json!({ "acs_access_group_id": GROUP_2, "acs_user_id": USER }),
        ),
        call(
            "acs.access_groups.delete",
            json!({ "acs_access_group_id": GROUP_2 }),
        ),
        // acs.credentials
        call(
            "acs.credentials.create",
            json!({
                "access_method": "mobile_key",
                "user_identity_id": IDENTITY,
                "credential_manager_acs_system_id": SYSTEM_2,
                "allowed_acs_entrance_ids": [ENTRANCE, ENTRANCE_2, ENTRANCE_3],
                "starts_at": "2025-06-01T10:00:00Z",
                "ends_at": "2025-06-08T10:00:00Z",
                "is_multi_phone_sync_credential": true,
                "visionline_metadata": {
                    "card_format": "rfid48",
                    "card_function_type": "guest",
                    "auto_join": true,
                    "is_override_key": false,
                    "joiner_acs_credential_ids": [CREDENTIAL, CREDENTIAL_2],
                },
            }),
        ),
        call(
            "acs.credentials.list",
            json!({
                "acs_system_id": SYSTEM,
                "is_multi_phone_sync_credential": false,
                "limit": 20,
                "search": "card #4 & 5%",
            }),
        ),
        call(
            "acs.credentials.update",
            json!({ "acs_credential_id": CREDENTIAL, "code": "0042", "ends_at": "2025-12-31T23:59:59Z" }),
        ),
        call(
            "acs.credentials.assign",
            json!({ "acs_credential_id": CREDENTIAL, "user_identity_id": IDENTITY }),
        ),
        // acs.encoders
        call(
            "acs.encoders.list",
            json!({
                "acs_system_ids": [SYSTEM, SYSTEM_2],
                "acs_encoder_ids": [ENCODER, ENCODER_2],
                "limit": 5,
            }),
        ),
        call(
            "acs.encoders.simulate.next_credential_encode_will_fail",
            json!({
                "acs_encoder_id": ENCODER,
                "error_code": "uncategorized_error",
                "acs_credential_id": CREDENTIAL,
            }),
        ),
        // access_codes
        call(
            "access_codes.create",
            json!({
                "device_id": DEVICE,
                "name": NAME,
                "code": "4444",
                "starts_at": "2025-06-01T10:00:00Z",
                "ends_at": "2025-06-08T10:00:00Z",
                "allow_external_modification": false,
                "prefer_native_scheduling": true,
                "preferred_code_length": 6,
                "max_time_rounding": "1d",
                "is_offline_access_code": false,
                "use_backup_access_code_pool": true,
            }),
        ),
        call(
            "access_codes.create_multiple",
            json!({
                "device_ids": [DEVICE, DEVICE_2, DEVICE_3],
                "behavior_when_code_cannot_be_shared": "create_random_code",
                "name": "Guest code",
                "preferred_code_length": 4,
                "attempt_for_offline_device": false,
            }),
        ),
        call(
            "access_codes.list",
            json!({
                "device_id": DEVICE,
                "access_code_ids": [ACCESS_CODE, ACCESS_CODE_2],
                "limit": 100,
                "user_identifier_key": KEY,
                "customer_key": "customer 1",
            }),
        ),
        call("access_codes.get", json!({ "access_code_id": ACCESS_CODE })),
        call(
            "access_codes.update",
            json!({
                "access_code_id": ACCESS_CODE,
                "type": "ongoing",
                "name": "Cleaner",
                "is_managed": true,
                "preferred_code_length": 8,
            }),
        ),
        call(
            "access_codes.delete",
            json!({ "access_code_id": ACCESS_CODE, "device_id": DEVICE }),
        ),
        call("access_codes.generate_code", json!({ "device_id": DEVICE })),
        call(
            "access_codes.report_device_constraints",
            json!({
                "device_id": DEVICE,
                "supported_code_lengths": [4, 6, 8],
                "min_code_length": 4,
                "max_code_length": 8,
            }),
        ),
        call(
            "access_codes.pull_backup_access_code",
            json!({ "access_code_id": ACCESS_CODE }),
        ),
        call(
            "access_codes.update_multiple",
            json!({
                "common_code_key": KEY,
                "name": NAME,
                "starts_at": "2025-07-01T00:00:00Z",
                "ends_at": "2025-07-02T00:00:00Z",
            }),
        ),
        call(
            "access_codes.simulate.create_unmanaged_access_code",
            json!({ "device_id": DEVICE, "name": "Unmanaged", "code": "9876" }),
        ),
        call(
            "access_codes.unmanaged.list",
            json!({
                "device_id": DEVICE,
                "limit": 3,
                "page_cursor": "cursor/with=odd&chars",
                "user_identifier_key": KEY,
            }),
        ),
        call(
            "access_codes.unmanaged.get",
            json!({ "code": "1234", "device_id": DEVICE }),
        ),
        call(
            "access_codes.unmanaged.convert_to_managed",
            json!({ "access_code_id": ACCESS_CODE_2, "force": true, "is_external_modification_allowed": false }),
        ),
        call(
            "access_codes.unmanaged.update",
            json!({ "access_code_id": ACCESS_CODE_2, "is_managed": false, "allow_external_modification": true }),
        ),
        call(
            "access_codes.unmanaged.delete",
            json!({ "access_code_id": ACCESS_CODE_2 }),
        ),
        // devices
        call(
            "devices.list",
            json!({
                "connected_account_ids": [ACCOUNT, ACCOUNT_2],
                "device_types": ["august_lock", "schlage_lock", "ecobee_thermostat"],
                "manufacturer": "kwikset2",
                "custom_metadata_has": { "unit": "4B / east & west", "vip": true, "floor": 3 },
                "created_before": "2025-01-02T03:04:05Z",
                "limit": 25,
                "search": SEARCH,
                "page_cursor": null,
            }),
        ),
        call("devices.get", json!({ "name": NAME })),
        call(
            "devices.update",
            json!({
                "device_id": DEVICE,
                "name": null,
                "is_managed": true,
                "properties": { "name": "Back door" },
                "custom_metadata": {
                    "unit": "4B",
                    "vip": false,
                    "floor": 3,
                    "rate": 12.5,
                    "note": null,
                },
            }),
        ),
        call(
            "devices.list_device_providers",
            json!({ "provider_category": "access_control_systems" }),
        ),
        call(
            "devices.unmanaged.list",
            json!({
                "device_ids": [DEVICE, DEVICE_2],
                "device_type": "yale_lock",
                "limit": 10,
                "unstable_location_id": null,
            }),
        ),
        call("devices.unmanaged.get", json!({ "device_id": DEVICE_2 })),
        call(
            "devices.unmanaged.update",
            json!({
                "device_id": DEVICE_2,
                "is_managed": true,
                "custom_metadata": { "owner": "Zoë", "active": true },
            }),
        ),
        call(
            "devices.simulate.paid_subscription",
            json!({ "device_id": DEVICE, "is_expired": false }),
        ),
        call("devices.simulate.connect", json!({ "device_id": DEVICE })),
        call(
            "devices.report_provider_metadata",
            json!({
                "devices": [
                    { "device_id": DEVICE, "ultraloq_metadata": { "time_zone": "America/New_York" } },
                    { "device_id": DEVICE_2 },
                ],
            }),
        ),
        // locks
        call(
            "locks.list",
            json!({
                "device_type": "yale_lock",
                "manufacturer": "two_n",
                "connected_account_id": ACCOUNT,
                "user_identifier_key": KEY,
            }),
        ),
        call("locks.get", json!({ "device_id": DEVICE })),
        call(
            "locks.lock_door",
            json!({ "device_id": DEVICE, "sync": true }),
        ),
        call("locks.unlock_door", json!({ "device_id": DEVICE })),
        call(
            "locks.simulate.keypad_code_entry",
            json!({ "device_id": DEVICE, "code": "1234" }),
        ),
        call(
            "locks.simulate.manual_lock_via_keypad",
            json!({ "device_id": DEVICE }),
        ),
        // thermostats
        call(
            "thermostats.list",
            json!({
                "device_types": ["ecobee_thermostat", "nest_thermostat"],
                "manufacturer": "honeywell_resideo",
                "search": SEARCH,
                "limit": 5,
            }),
        ),
        call(
            "thermostats.heat_cool",
            json!({
                "device_id": DEVICE_3,
                "heating_set_point_celsius": 20.5,
                "cooling_set_point_celsius": 24,
            }),
        ),
        call(
            "thermostats.heat",
            json!({ "device_id": DEVICE_3, "heating_set_point_fahrenheit": 68 }),
        ),
        call(
            "thermostats.cool",
            json!({ "device_id": DEVICE_3, "cooling_set_point_fahrenheit": 75.5 }),
        ),
        call("thermostats.off", json!({ "device_id": DEVICE_3 })),
        call(
            "thermostats.set_fan_mode",
            json!({ "device_id": DEVICE_3, "fan_mode_setting": "circulate" }),
        ),
        call(
            "thermostats.set_hvac_mode",
            json!({
                "device_id": DEVICE_3,
                "hvac_mode_setting": "heat_cool",
                "heating_set_point_celsius": 19.5,
                "cooling_set_point_celsius": 23.5,
            }),
        ),
        call(
            "thermostats.set_temperature_threshold",
            json!({
                "device_id": DEVICE_3,
                "lower_limit_celsius": 16.5,
                "upper_limit_celsius": null,
                "lower_limit_fahrenheit": null,
                "upper_limit_fahrenheit": 80,
            }),
        ),
        call(
            "thermostats.create_climate_preset",
            json!({
                "device_id": DEVICE_3,
                "climate_preset_key": PRESET,
                "name": "Eco/Away",
                "fan_mode_setting": "auto",
                "hvac_mode_setting": "heat_cool",
                "heating_set_point_celsius": 17,
                "cooling_set_point_celsius": 26.5,
                "climate_preset_mode": "away",
                "ecobee_metadata": { "climate_ref": "smart1", "is_optimized": false, "owner": "user" },
            }),
        ),
        call(
            "thermostats.update_climate_preset",
            json!({
                "device_id": DEVICE_3,
                "climate_preset_key": PRESET,
                "name": null,
                "hvac_mode_setting": "eco",
                "cooling_set_point_fahrenheit": 79.25,
            }),
        ),
        call(
            "thermostats.delete_climate_preset",
            json!({ "device_id": DEVICE_3, "climate_preset_key": PRESET }),
        ),
        call(
            "thermostats.activate_climate_preset",
            json!({ "device_id": DEVICE_3, "climate_preset_key": PRESET }),
        ),
        call(
            "thermostats.set_fallback_climate_preset",
            json!({ "device_id": DEVICE_3, "climate_preset_key": "home" }),
        ),
        call(
            "thermostats.update_weekly_program",
            json!({
                "device_id": DEVICE_3,
                "monday_program_id": PROGRAM,
                "tuesday_program_id": PROGRAM,
                "wednesday_program_id": null,
                "thursday_program_id": PROGRAM_2,
                "friday_program_id": null,
                "saturday_program_id": null,
                "sunday_program_id": PROGRAM_2,
            }),
        ),
        call(
            "thermostats.daily_programs.create",
            json!({
                "device_id": DEVICE_3,
                "name": "Weekdays",
                "periods": [
                    { "starts_at_time": "07:00:00", "climate_preset_key": "home" },
                    { "starts_at_time": "09:00:00", "climate_preset_key": "away" },
                    { "starts_at_time": "22:30:00", "climate_preset_key": "sleep" },
                ],
            }),
        ),
        call(
            "thermostats.daily_programs.update",
            json!({
                "thermostat_daily_program_id": PROGRAM,
                "name": "Week end",
                "periods": [{ "starts_at_time": "08:15:00", "climate_preset_key": "home" }],
            }),
        ),
        call(
            "thermostats.daily_programs.delete",
            json!({ "thermostat_daily_program_id": PROGRAM_2 }),
        ),
        call(
            "thermostats.schedules.create",
            json!({
                "device_id": DEVICE_3,
                "climate_preset_key": "home",
                "starts_at": "2025-06-01T10:00:00Z",
                "ends_at": "2025-06-01T18:00:00Z",
                "name": "Saturday & Sunday",
                "is_override_allowed": true,
                "max_override_period_minutes": null,
            }),
        ),
        call(
            "thermostats.schedules.list",
            json!({ "device_id": DEVICE_3, "user_identifier_key": KEY }),
        ),
        call(
            "thermostats.schedules.get",
            json!({ "thermostat_schedule_id": SCHEDULE }),
        ),
        call(
            "thermostats.schedules.update",
            json!({
                "thermostat_schedule_id": SCHEDULE,
                "max_override_period_minutes": 90,
                "is_override_allowed": false,
                "name": "Weekend",
                "starts_at": "2025-06-02T10:00:00Z",
            }),
        ),
        call(
            "thermostats.schedules.delete",
            json!({ "thermostat_schedule_id": SCHEDULE }),
        ),
        call(
            "thermostats.simulate.temperature_reached",
            json!({ "device_id": DEVICE_3, "temperature_celsius": 21.25 }),
        ),
        call(
            "thermostats.simulate.hvac_mode_adjusted",
            json!({ "device_id": DEVICE_3, "hvac_mode": "cool", "cooling_set_point_fahrenheit": 72 }),
        ),
        // noise_sensors
        call(
            "noise_sensors.list",
            json!({ "device_type": "minut_sensor", "connected_account_id": ACCOUNT }),
        ),
        call(
            "noise_sensors.noise_thresholds.create",
            json!({
                "device_id": DEVICE_2,
                "starts_daily_at": "22:00:00[America/New_York]",
                "ends_daily_at": "07:00:00[America/New_York]",
                "name": "Quiet hours",
                "noise_threshold_decibels": 62.5,
                "noise_threshold_nrs": 40,
            }),
        ),
        call(
            "noise_sensors.noise_thresholds.list",
            json!({ "device_id": DEVICE_2 }),
        ),
        call(
            "noise_sensors.noise_thresholds.get",
            json!({ "noise_threshold_id": THRESHOLD }),
        ),
        call(
            "noise_sensors.noise_thresholds.update",
            json!({
                "device_id": DEVICE_2,
                "noise_threshold_id": THRESHOLD,
                "noise_threshold_decibels": 70,
                "name": "Late & loud",
            }),
        ),
        call(
            "noise_sensors.noise_thresholds.delete",
            json!({ "device_id": DEVICE_2, "noise_threshold_id": THRESHOLD }),
        ),
        call(
            "noise_sensors.simulate.trigger_noise_threshold",
            json!({ "device_id": DEVICE_2 }),
        ),
        // connected_accounts
        call(
            "connected_accounts.list",
            json!({
                "custom_metadata_has": { "tenant": "A&B=1", "active": false },
                "search": SEARCH,
                "limit": 10,
                "user_identifier_key": KEY,
            }),
        ),
        call("connected_accounts.get", json!({ "email": EMAIL })),
        call(
            "connected_accounts.update",
            json!({
                "connected_account_id": ACCOUNT,
                "automatically_manage_new_devices": false,
                "custom_metadata": { "tenant": "A&B=1", "floor": 2, "active": true },
                "accepted_capabilities": ["lock", "thermostat"],
                "customer_key": "customer 1",
            }),
        ),
        call(
            "connected_accounts.delete",
            json!({ "connected_account_id": ACCOUNT_2 }),
        ),
        call(
            "connected_accounts.sync",
            json!({ "connected_account_id": ACCOUNT }),
        ),
        call(
            "connected_accounts.simulate.disconnect",
            json!({ "connected_account_id": ACCOUNT }),
        ),
        // connect_webviews
        call(
            "connect_webviews.create",
            json!({
                "accepted_providers": ["august", "schlage", "ecobee"],
                "custom_redirect_url": "https://example.com/done?x=1&y=2",
                "custom_redirect_failure_url": "https://example.com/failed",
                "custom_metadata": { "id": "internal id 1", "vip": true },
                "automatically_manage_new_devices": true,
                "wait_for_device_creation": false,
                "accepted_capabilities": ["lock", "thermostat"],
                "excluded_providers": ["nest"],
                "customer_key": "customer 1",
            }),
        ),
        call(
            "connect_webviews.list",
            json!({
                "custom_metadata_has": { "id": "internal id 1" },
                "limit": 5,
                "user_identifier_key": KEY,
            }),
        ),
        call(
            "connect_webviews.get",
            json!({ "connect_webview_id": WEBVIEW }),
        ),
        call(
            "connect_webviews.delete",
            json!({ "connect_webview_id": WEBVIEW_2 }),
        ),
        // client_sessions
        call(
            "client_sessions.create",
            json!({
                "user_identifier_key": KEY,
                "connected_account_ids": [ACCOUNT, ACCOUNT_2],
                "connect_webview_ids": [WEBVIEW, WEBVIEW_2],
                "expires_at": "2025-06-30T12:00:00Z",
                "user_identity_id": IDENTITY,
            }),
        ),
        call(
            "client_sessions.get_or_create",
            json!({ "user_identifier_key": KEY, "expires_at": "2025-06-30T12:00:00Z" }),
        ),
        call(
            "client_sessions.grant_access",
            json!({
                "client_session_id": SESSION,
                "connected_account_ids": [ACCOUNT, ACCOUNT_2],
                "connect_webview_ids": [WEBVIEW],
            }),
        ),
        call(
            "client_sessions.list",
            json!({ "without_user_identifier_key": true, "connect_webview_id": WEBVIEW }),
        ),
        call("client_sessions.get", json!({ "user_identifier_key": KEY })),
        call(
            "client_sessions.revoke",
            json!({ "client_session_id": SESSION }),
        ),
        call(
            "client_sessions.delete",
            json!({ "client_session_id": SESSION }),
        ),
        // user_identities
        call(
            "user_identities.create",
            json!({
                "user_identity_key": "guest/42",
                "email_address": EMAIL,
                "phone_number": null,
                "full_name": "Zoë Ångström",
                "acs_system_ids": [SYSTEM, SYSTEM_2],
            }),
        ),
        call(
            "user_identities.update",
            json!({
                "user_identity_id": IDENTITY,
                "email_address": null,
                "full_name": null,
                "phone_number": "+15555550100",
                "user_identity_key": null,
            }),
        ),
        call(
            "user_identities.list",
            json!({
                "search": SEARCH,
                "user_identity_ids": [IDENTITY, IDENTITY_2],
                "created_before": "2025-01-02T03:04:05Z",
                "limit": 30,
                "credential_manager_acs_system_id": SYSTEM_2,
            }),
        ),
        call("user_identities.get", json!({ "user_identity_key": KEY })),
        call(
            "user_identities.delete",
            json!({ "user_identity_id": IDENTITY_2 }),
        ),
        call(
            "user_identities.grant_access_to_device",
            json!({ "user_identity_id": IDENTITY, "device_id": DEVICE }),
        ),
        call(
            "user_identities.revoke_access_to_device",
            json!({ "user_identity_id": IDENTITY, "device_id": DEVICE }),
        ),
        call(
            "user_identities.add_acs_user",
            json!({ "acs_user_id": USER, "user_identity_id": IDENTITY }),
        ),
        call(
            "user_identities.remove_acs_user",
            json!({ "acs_user_id": USER, "user_identity_id": IDENTITY }),
        ),
        call(
            "user_identities.list_accessible_devices",
            json!({ "user_identity_id": IDENTITY }),
        ),
        call(
            "user_identities.list_acs_systems",
            json!({ "user_identity_id": IDENTITY }),
        ),
        call(
            "user_identities.list_acs_users",
            json!({ "user_identity_id": IDENTITY }),
        ),
        call(
            "user_identities.generate_instant_key",
            json!({ "user_identity_id": IDENTITY, "max_use_count": 3 }),
        ),
        call(
            "user_identities.unmanaged.list",
            json!({ "search": "Zoë Ångström", "limit": 15, "page_cursor": null }),
        ),
        call(
            "user_identities.unmanaged.update",
            json!({ "user_identity_id": IDENTITY_2, "is_managed": true, "user_identity_key": KEY }),
        ),
        // user_identities.enrollment_automations: undocumented, and not in the SDK.
        JsCall::raw(
            "user_identities.enrollment_automations.launch",
            "POST",
            "/user_identities/enrollment_automations/launch",
            json!({
                "user_identity_id": IDENTITY,
                "credential_manager_acs_system_id": SYSTEM_2,
                "create_credential_manager_user": true,
                "acs_credential_pool_id": POOL,
            }),
        ),
        JsCall::raw(
            "user_identities.enrollment_automations.list",
            "GET",
            "/user_identities/enrollment_automations/list",
            json!({ "user_identity_id": IDENTITY }),
        ),
        JsCall::raw(
            "user_identities.enrollment_automations.get",
            "GET",
            "/user_identities/enrollment_automations/get",
            json!({ "enrollment_automation_id": AUTOMATION }),
        ),
        JsCall::raw(
            "user_identities.enrollment_automations.delete",
            "DELETE",
            "/user_identities/enrollment_automations/delete",
            json!({ "enrollment_automation_id": AUTOMATION }),
        ),
        // webhooks
        call(
            "webhooks.create",
            json!({
                "url": "https://example.com/hooks?src=seam&x=1",
                "event_types": ["device.connected", "lock.unlocked", "access_code.*"],
            }),
        ),
        call(
            "webhooks.update",
            json!({ "webhook_id": WEBHOOK, "event_types": ["device.disconnected", "lock.locked"] }),
        ),
        call("webhooks.list", json!({})),
        call("webhooks.get", json!({ "webhook_id": WEBHOOK })),
        call("webhooks.delete", json!({ "webhook_id": WEBHOOK })),
        // workspaces
        call(
            "workspaces.create",
            json!({
                "name": "Zoë's Workspace",
                "company_name": "ACME & Co",
                "is_sandbox": true,
                "connect_webview_customization": {
                    "logo_shape": "circle",
                    "primary_button_color": "#232426",
                    "success_message": null,
                },
            }),
        ),
        call(
            "workspaces.update",
            json!({
                "name": "Renamed",
                "is_suspended": false,
                "is_publishable_key_auth_enabled": true,
                "connect_webview_customization": {
                    "logo_shape": null,
                    "primary_button_text_color": "#ffffff",
                },
            }),
        ),
        call("workspaces.get", json!({})),
        call("workspaces.list", json!({})),
        call("workspaces.reset_sandbox", json!({})),
        // events
        call(
            "events.list",
            json!({
                "between": ["2025-06-01T10:00:00Z", "2025-06-02T10:00:00Z"],
                "event_types": ["device.connected", "lock.unlocked"],
                "device_ids": [DEVICE, DEVICE_2],
                "limit": 50,
                "unstable_offset": 10,
            }),
        ),
        call("events.get", json!({ "event_id": EVENT })),
        // action_attempts
        call(
            "action_attempts.get",
            json!({ "action_attempt_id": ATTEMPT }),
        ),
        call(
            "action_attempts.list",
            json!({
                "action_attempt_ids": [ATTEMPT, ATTEMPT_2],
                "device_id": DEVICE,
                "limit": 2,
                "page_cursor": "next/page=2&x",
            }),
        ),
        // phones
        call(
            "phones.list",
            json!({ "owner_user_identity_id": IDENTITY, "acs_credential_id": CREDENTIAL }),
        ),
        call("phones.get", json!({ "device_id": DEVICE_3 })),
        call("phones.deactivate", json!({ "device_id": DEVICE_3 })),
        call(
            "phones.simulate.create_sandbox_phone",
            json!({
                "user_identity_id": IDENTITY,
                "custom_sdk_installation_id": "install 1",
                "phone_metadata": {
                    "operating_system": "ios",
                    "os_version": "17.4",
                    "device_manufacturer": "Apple",
                    "device_model": "iPhone 15",
                },
                "assa_abloy_metadata": {
                    "ble_capability": true,
                    "hce_capability": false,
                    "nfc_capability": true,
                    "application_version": "1.0.0",
                    "seos_applet_version": "2.1",
                    "seos_tsm_endpoint_id": 2,
                },
            }),
        ),
        // spaces
        call(
            "spaces.create",
            json!({
                "name": "Unit 4B",
                "space_key": "unit/4b",
                "device_ids": [DEVICE, DEVICE_2],
                "acs_entrance_ids": [ENTRANCE],
            }),
        ),
        call(
            "spaces.add_devices",
            json!({ "space_id": SPACE, "device_ids": [DEVICE_2, DEVICE_3] }),
        ),
        call(
            "spaces.remove_devices",
            json!({ "space_id": SPACE, "device_ids": [DEVICE_2, DEVICE_3] }),
        ),
        call(
            "spaces.get_related",
            json!({ "space_ids": [SPACE, SPACE_2], "include": ["devices", "acs_entrances"] }),
        ),
        call("spaces.list", json!({ "search": SEARCH })),
        // customers
        call(
            "customers.delete_data",
            json!({
                "customer_keys": ["customer 1", "customer&2"],
                "user_identity_keys": [KEY, "guest/42"],
            }),
        ),
        // instant_keys
        call("instant_keys.list", json!({ "user_identity_id": IDENTITY })),
        call(
            "instant_keys.get",
            json!({ "instant_key_url": "https://se.am/1/abc?x=1&y=é" }),
        ),
        call(
            "instant_keys.delete",
            json!({ "instant_key_id": INSTANT_KEY }),
        ),
    ]
}

/// A custom metadata map of strings, booleans, numbers and nulls.
fn metadata(
    entries: &[(&str, serde_json::Value)],
) -> BTreeMap<String, ConnectWebviewCustomMetadataValue> {
    entries
        .iter()
        .map(|(key, value)| {
            let value = match value {
                serde_json::Value::String(s) => {
                    ConnectWebviewCustomMetadataValue::String(s.clone())
                }
                serde_json::Value::Bool(b) => ConnectWebviewCustomMetadataValue::Bool(*b),
                // A shape the spec does not list decodes into the catch-all.
                other => serde_json::from_value(other.clone()).expect("any JSON decodes"),
            };
            (key.to_string(), value)
        })
        .collect()
}

/// The same calls, in the same order, through the Rust client. Each response
/// is `{"ok": true}`, which most calls cannot decode: only what is sent matters.
/// `seam` holds an API key; `with_token`, a personal access token, sends what
/// the document does not let an API key call (the JavaScript SDK sends it
/// with any credentials and lets the server refuse).
async fn rust_calls(seam: &Seam, with_token: &Seam) {
    // acs.users
    let users = seam.acs().users();
    let _ = users
        .create("Jane Doe", SYSTEM)
        .email_address(EMAIL)
        .phone_number("+15555550100")
        .acs_access_group_ids([GROUP, GROUP_2])
        .access_schedule(
            AcsUsersCreateAccessSchedule::default()
                .with_starts_at(at("2025-06-01T10:00:00Z"))
                .with_ends_at(None),
        )
        .user_identity_id(IDENTITY)
        .await;
    let _ = users
        .list()
        .acs_system_id(SYSTEM)
        .search(SEARCH)
        .limit(50)
        .page_cursor_null()
        .created_before(at("2025-01-02T03:04:05Z"))
        .user_identity_email_address(EMAIL)
        .user_identity_phone_number("+1 555 0100")
        .await;
    let _ = users.get().acs_user_id(USER).await;
    let _ = users
        .update()
        .acs_user_id(USER)
        .full_name("Jane Q. Doe")
        .access_schedule_null()
        .email_address("jane@example.com")
        .hid_acs_system_id(SYSTEM_2)
        .await;
    let _ = users.delete().acs_system_id(SYSTEM).acs_user_id(USER).await;
    let _ = users
        .list_accessible_entrances()
        .user_identity_id(IDENTITY)
        .acs_system_id(SYSTEM)
        .await;
    let _ = users.add_to_access_group(USER, GROUP).await;
    let _ = users
        .remove_from_access_group(GROUP)
        .user_identity_id(IDENTITY)
        .await;
    let _ = users.suspend().acs_user_id(USER).await;
    let _ = users
        .unsuspend()
        .user_identity_id(IDENTITY)
        .acs_system_id(SYSTEM)
        .await;
    let _ = users
        .revoke_access_to_all_entrances()
        .acs_user_id(USER)
        .await;

    // acs.systems
    let systems = seam.acs().systems();
    let _ = systems
        .list()
        .connected_account_id(ACCOUNT)
        .customer_key(KEY)
        .await;
    let _ = systems.get(SYSTEM).await;
    let _ = systems
        .list_compatible_credential_manager_acs_systems(SYSTEM)
        .await;
    let _ = systems
        .report_devices(SYSTEM)
        .acs_encoders([
            AcsSystemsReportDevicesAcsEncoder::default()
                .with_hotek_metadata(
                    AcsSystemsReportDevicesAcsEncoderHotekMetadata::default()
                        .with_encoder_number("7"),
                )
                .with_is_removed(false),
            AcsSystemsReportDevicesAcsEncoder::default().with_hotek_metadata(
                AcsSystemsReportDevicesAcsEncoderHotekMetadata::default().with_encoder_number("8"),
            ),
        ])
        .acs_entrances([
            AcsSystemsReportDevicesAcsEntrance::default()
                .with_hotek_metadata(
                    AcsSystemsReportDevicesAcsEntranceHotekMetadata::default()
                        .with_room_number("101")
                        .with_common_area_name("Pool & Spa"),
                )
                .with_is_removed(true),
            AcsSystemsReportDevicesAcsEntrance::default().with_hotek_metadata(
                AcsSystemsReportDevicesAcsEntranceHotekMetadata::default()
                    .with_common_area_number("2"),
            ),
        ])
        .await;

    // acs.entrances
    let entrances = seam.acs().entrances();
    let _ = entrances
        .list()
        .acs_system_id(SYSTEM)
        .acs_entrance_ids([ENTRANCE, ENTRANCE_2, ENTRANCE_3])
        .search("Room 1/2 & Suite=3 é")
        .limit(10)
        .customer_key(KEY)
        .location_id_null()
        .await;
    let _ = entrances.get(ENTRANCE).await;
    let _ = entrances.grant_access(ENTRANCE).acs_user_id(USER).await;
    let _ = entrances
        .list_credentials_with_access(ENTRANCE)
        .include_if([AcsEntrancesListCredentialsWithAccessIncludeIfItem::VisionlineMetadataIsValid])
        .await;

    // acs.access_groups
    let groups = seam.acs().access_groups();
    let _ = groups
        .list()
        .acs_system_id(SYSTEM)
        .user_identity_id(IDENTITY)
        .await;
    let _ = groups.get(GROUP).await;
    let _ = groups.list_users(GROUP).await;
    let _ = groups.list_accessible_entrances(GROUP).await;
    let _ = groups.add_user(GROUP).acs_user_id(USER).await;
    let _ = groups.remove_user(GROUP_2).acs_user_id(USER).await;
    let _ = groups.delete(GROUP_2).await;

    // acs.credentials
    let credentials = seam.acs().credentials();
    let _ = credentials
        .create(AcsCredentialAccessMethod::MobileKey)
        .user_identity_id(IDENTITY)
        .credential_manager_acs_system_id(SYSTEM_2)
        .allowed_acs_entrance_ids([ENTRANCE, ENTRANCE_2, ENTRANCE_3])
        .starts_at(at("2025-06-01T10:00:00Z"))
        .ends_at(at("2025-06-08T10:00:00Z"))
        .is_multi_phone_sync_credential(true)
        .visionline_metadata(
            AcsCredentialsCreateVisionlineMetadata::default()
                .with_card_format(AcsCredentialsCreateVisionlineMetadataCardFormat::Rfid48)
                .with_card_function_type(AcsCredentialVisionlineMetadataCardFunctionType::Guest)
                .with_auto_join(true)
                .with_is_override_key(false)
                .with_joiner_acs_credential_ids(vec![CREDENTIAL.into(), CREDENTIAL_2.into()]),
        )
        .await;
    let _ = credentials
        .list()
        .acs_system_id(SYSTEM)
        .is_multi_phone_sync_credential(false)
        .limit(20)
        .search("card #4 & 5%")
        .await;
    let _ = credentials
        .update(CREDENTIAL)
        .code("0042")
        .ends_at(at("2025-12-31T23:59:59Z"))
        .await;
    let _ = credentials
        .assign(CREDENTIAL)
        .user_identity_id(IDENTITY)
        .await;

    // acs.encoders
    let encoders = seam.acs().encoders();
    let _ = encoders
        .list()
        .acs_system_ids([SYSTEM, SYSTEM_2])
        .acs_encoder_ids([ENCODER, ENCODER_2])
        .limit(5)
        .await;
    let _ = encoders
        .simulate()
        .next_credential_encode_will_fail(ENCODER)
        .error_code(AcsEncodersSimulateNextCredentialEncodeWillFailErrorCode::UncategorizedError)
        .acs_credential_id(CREDENTIAL)
        .await;

    // access_codes
    let codes = seam.access_codes();
    let _ = codes
        .create(DEVICE)
        .name(NAME)
        .code("4444")
        .starts_at(at("2025-06-01T10:00:00Z"))
        .ends_at(at("2025-06-08T10:00:00Z"))
        .allow_external_modification(false)
        .prefer_native_scheduling(true)
        .preferred_code_length(6)
        .max_time_rounding(AccessCodesCreateMaxTimeRounding::V1d)
        .is_offline_access_code(false)
        .use_backup_access_code_pool(true)
        .await;
    let _ = codes
        .create_multiple([DEVICE, DEVICE_2, DEVICE_3])
        .behavior_when_code_cannot_be_shared(
            AccessCodesCreateMultipleBehaviorWhenCodeCannotBeShared::CreateRandomCode,
        )
        .name("Guest code")
        .preferred_code_length(4)
        .attempt_for_offline_device(false)
        .await;
    let _ = codes
        .list()
        .device_id(DEVICE)
        .access_code_ids([ACCESS_CODE, ACCESS_CODE_2])
        .limit(100)
        .user_identifier_key(KEY)
        .customer_key("customer 1")
        .await;
    let _ = codes.get().access_code_id(ACCESS_CODE).await;
    let _ = codes
        .update(ACCESS_CODE)
        .type_(AccessCodeType::Ongoing)
        .name("Cleaner")
        .is_managed(true)
        .preferred_code_length(8)
        .await;
    let _ = codes.delete(ACCESS_CODE).device_id(DEVICE).await;
    let _ = codes.generate_code(DEVICE).await;
    let _ = codes
        .report_device_constraints(DEVICE)
        .supported_code_lengths([4, 6, 8])
        .min_code_length(4)
        .max_code_length(8)
        .await;
    let _ = codes.pull_backup_access_code(ACCESS_CODE).await;
    let _ = codes
        .update_multiple(KEY)
        .name(NAME)
        .starts_at(at("2025-07-01T00:00:00Z"))
        .ends_at(at("2025-07-02T00:00:00Z"))
        .await;
    let _ = codes
        .simulate()
        .create_unmanaged_access_code(DEVICE, "Unmanaged", "9876")
        .await;
    let unmanaged = codes.unmanaged();
    let _ = unmanaged
        .list(DEVICE)
        .limit(3)
        .page_cursor("cursor/with=odd&chars")
        .user_identifier_key(KEY)
        .await;
    let _ = unmanaged.get().code("1234").device_id(DEVICE).await;
    let _ = unmanaged
        .convert_to_managed(ACCESS_CODE_2)
        .force(true)
        .is_external_modification_allowed(false)
        .await;
    let _ = unmanaged
        .update(ACCESS_CODE_2, false)
        .allow_external_modification(true)
        .await;
    let _ = unmanaged.delete(ACCESS_CODE_2).await;

    // devices
    let devices = seam.devices();
    let _ = devices
        .list()
        .connected_account_ids([ACCOUNT, ACCOUNT_2])
        .device_types([
            DeviceType::AugustLock,
            DeviceType::SchlageLock,
            DeviceType::EcobeeThermostat,
        ])
        .manufacturer(DevicesListManufacturer::Kwikset2)
        .custom_metadata_has(metadata(&[
            ("unit", json!("4B / east & west")),
            ("vip", json!(true)),
            ("floor", json!(3)),
        ]))
        .created_before(at("2025-01-02T03:04:05Z"))
        .limit(25)
        .search(SEARCH)
        .page_cursor_null()
        .await;
    let _ = devices.get().name(NAME).await;
    let _ = devices
        .update(DEVICE)
        .name_null()
        .is_managed(true)
        .properties(DevicesUpdateProperties::default().with_name(Some("Back door".into())))
        .custom_metadata(metadata(&[
            ("unit", json!("4B")),
            ("vip", json!(false)),
            ("floor", json!(3)),
            ("rate", json!(12.5)),
            ("note", json!(null)),
        ]))
        .await;
    let _ = devices
        .list_device_providers()
        .provider_category(DeviceProviderProviderCategory::AccessControlSystems)
        .await;
    let _ = devices
        .unmanaged()
        .list()
        .device_ids([DEVICE, DEVICE_2])
        .device_type(DeviceType::YaleLock)
        .limit(10)
        .unstable_location_id_null()
        .await;
    let _ = devices.unmanaged().get().device_id(DEVICE_2).await;
    let _ = devices
        .unmanaged()
        .update(DEVICE_2)
        .is_managed(true)
        .custom_metadata(metadata(&[
            ("owner", json!("Zoë")),
            ("active", json!(true)),
        ]))
        .await;
    let _ = devices.simulate().paid_subscription(DEVICE, false).await;
    let _ = devices.simulate().connect(DEVICE).await;
    let _ = devices
        .report_provider_metadata([
            DevicesReportProviderMetadataDevice::default()
                .with_device_id(DEVICE)
                .with_ultraloq_metadata(
                    DevicesReportProviderMetadataDeviceUltraloqMetadata::default().with_time_zone(
                        DevicesReportProviderMetadataDeviceUltraloqMetadataTimeZone::AmericaNewYork,
                    ),
                ),
            DevicesReportProviderMetadataDevice::default().with_device_id(DEVICE_2),
        ])
        .await;

    // locks
    let locks = seam.locks();
    let _ = locks
        .list()
        .device_type(DeviceType::YaleLock)
        .manufacturer(LocksListManufacturer::TwoN)
        .connected_account_id(ACCOUNT)
        .user_identifier_key(KEY)
        .await;
    // Deprecated (`/devices/get` does the same), but still in the SDK and the API.
    #[allow(deprecated)]
    let _ = locks.get().device_id(DEVICE).await;
    let _ = locks.lock_door(DEVICE).sync(true).await;
    let _ = locks.unlock_door(DEVICE).await;
    let _ = locks.simulate().keypad_code_entry(DEVICE, "1234").await;
    let _ = locks.simulate().manual_lock_via_keypad(DEVICE).await;

    // thermostats
    let thermostats = seam.thermostats();
    let _ = thermostats
        .list()
        .device_types([DeviceType::EcobeeThermostat, DeviceType::NestThermostat])
        .manufacturer(ThermostatsListManufacturer::HoneywellResideo)
        .search(SEARCH)
        .limit(5)
        .await;
    let _ = thermostats
        .heat_cool(DEVICE_3)
        .heating_set_point_celsius(20.5)
        .cooling_set_point_celsius(24)
        .await;
    let _ = thermostats
        .heat(DEVICE_3)
        .heating_set_point_fahrenheit(68)
        .await;
    let _ = thermostats
        .cool(DEVICE_3)
        .cooling_set_point_fahrenheit(75.5)
        .await;
    let _ = thermostats.off(DEVICE_3).await;
    let _ = thermostats
        .set_fan_mode(DEVICE_3)
        .fan_mode_setting(DevicePropertiesAvailableClimatePresetFanModeSetting::Circulate)
        .await;
    let _ = thermostats
        .set_hvac_mode(
            DevicePropertiesAvailableClimatePresetHvacModeSetting::HeatCool,
            DEVICE_3,
        )
        .heating_set_point_celsius(19.5)
        .cooling_set_point_celsius(23.5)
        .await;
    let _ = thermostats
        .set_temperature_threshold(DEVICE_3)
        .lower_limit_celsius(16.5)
        .upper_limit_celsius_null()
        .lower_limit_fahrenheit_null()
        .upper_limit_fahrenheit(80)
        .await;
    let _ = thermostats
        .create_climate_preset(DEVICE_3, PRESET)
        .name("Eco/Away")
        .fan_mode_setting(DevicePropertiesAvailableClimatePresetFanModeSetting::Auto)
        .hvac_mode_setting(DevicePropertiesAvailableClimatePresetHvacModeSetting::HeatCool)
        .heating_set_point_celsius(17)
        .cooling_set_point_celsius(26.5)
        .climate_preset_mode(DevicePropertiesAvailableClimatePresetClimatePresetMode::Away)
        .ecobee_metadata(
            DevicePropertiesAvailableClimatePresetEcobeeMetadata::default()
                .with_climate_ref("smart1")
                .with_is_optimized(false)
                .with_owner(DevicePropertiesAvailableClimatePresetEcobeeMetadataOwner::User),
        )
        .await;
    let _ = thermostats
        .update_climate_preset(DEVICE_3, PRESET)
        .name_null()
        .hvac_mode_setting(DevicePropertiesAvailableClimatePresetHvacModeSetting::Eco)
        .cooling_set_point_fahrenheit(79.25)
        .await;
    let _ = thermostats.delete_climate_preset(DEVICE_3, PRESET).await;
    let _ = thermostats.activate_climate_preset(DEVICE_3, PRESET).await;
    let _ = thermostats
        .set_fallback_climate_preset(DEVICE_3, "home")
        .await;
    let _ = thermostats
        .update_weekly_program(DEVICE_3)
        .monday_program_id(PROGRAM)
        .tuesday_program_id(PROGRAM)
        .wednesday_program_id_null()
        .thursday_program_id(PROGRAM_2)
        .friday_program_id_null()
        .saturday_program_id_null()
        .sunday_program_id(PROGRAM_2)
        .await;
    let period = |starts_at_time: &str, climate_preset_key: &str| {
        DevicePropertiesThermostatDailyProgramPeriod::default()
            .with_starts_at_time(starts_at_time)
            .with_climate_preset_key(climate_preset_key)
    };
    let _ = thermostats
        .daily_programs()
        .create(
            DEVICE_3,
            "Weekdays",
            [
                period("07:00:00", "home"),
                period("09:00:00", "away"),
                period("22:30:00", "sleep"),
            ],
        )
        .await;
    let _ = thermostats
        .daily_programs()
        .update(PROGRAM, "Week end", [period("08:15:00", "home")])
        .await;
    let _ = thermostats.daily_programs().delete(PROGRAM_2).await;
    let schedules = thermostats.schedules();
    let _ = schedules
        .create(
            DEVICE_3,
            "home",
            at("2025-06-01T10:00:00Z"),
            at("2025-06-01T18:00:00Z"),
        )
        .name("Saturday & Sunday")
        .is_override_allowed(true)
        .max_override_period_minutes_null()
        .await;
    let _ = schedules.list(DEVICE_3).user_identifier_key(KEY).await;
    let _ = schedules.get(SCHEDULE).await;
    let _ = schedules
        .update(SCHEDULE)
        .max_override_period_minutes(90)
        .is_override_allowed(false)
        .name("Weekend")
        .starts_at(at("2025-06-02T10:00:00Z"))
        .await;
    let _ = schedules.delete(SCHEDULE).await;
    let _ = thermostats
        .simulate()
        .temperature_reached(DEVICE_3)
        .temperature_celsius(21.25)
        .await;
    let _ = thermostats
        .simulate()
        .hvac_mode_adjusted(ThermostatsSimulateHvacModeAdjustedHvacMode::Cool, DEVICE_3)
        .cooling_set_point_fahrenheit(72)
        .await;

    // noise_sensors
    let noise_sensors = seam.noise_sensors();
    let _ = noise_sensors
        .list()
        .device_type(DeviceType::MinutSensor)
        .connected_account_id(ACCOUNT)
        .await;
    let thresholds = noise_sensors.noise_thresholds();
    let _ = thresholds
        .create(
            DEVICE_2,
            "22:00:00[America/New_York]",
            "07:00:00[America/New_York]",
        )
        .name("Quiet hours")
        .noise_threshold_decibels(62.5)
        .noise_threshold_nrs(40)
        .await;
    let _ = thresholds.list(DEVICE_2).await;
    let _ = thresholds.get(THRESHOLD).await;
    let _ = thresholds
        .update(THRESHOLD, DEVICE_2)
        .noise_threshold_decibels(70)
        .name("Late & loud")
        .await;
    let _ = thresholds.delete(THRESHOLD, DEVICE_2).await;
    let _ = noise_sensors
        .simulate()
        .trigger_noise_threshold(DEVICE_2)
        .await;

    // connected_accounts
    let accounts = seam.connected_accounts();
    let _ = accounts
        .list()
        .custom_metadata_has(metadata(&[
            ("tenant", json!("A&B=1")),
            ("active", json!(false)),
        ]))
        .search(SEARCH)
        .limit(10)
        .user_identifier_key(KEY)
        .await;
    let _ = accounts.get().email(EMAIL).await;
    let _ = accounts
        .update(ACCOUNT)
        .automatically_manage_new_devices(false)
        .custom_metadata(metadata(&[
            ("tenant", json!("A&B=1")),
            ("floor", json!(2)),
            ("active", json!(true)),
        ]))
        .accepted_capabilities([
            ConnectWebviewAcceptedCapability::Lock,
            ConnectWebviewAcceptedCapability::Thermostat,
        ])
        .customer_key("customer 1")
        .await;
    let _ = accounts.delete(ACCOUNT_2).await;
    let _ = accounts.sync(ACCOUNT).await;
    let _ = accounts.simulate().disconnect(ACCOUNT).await;

    // connect_webviews
    let webviews = seam.connect_webviews();
    let _ = webviews
        .create()
        .accepted_providers([
            ConnectWebviewsCreateAcceptedProvider::August,
            ConnectWebviewsCreateAcceptedProvider::Schlage,
            ConnectWebviewsCreateAcceptedProvider::Ecobee,
        ])
        .custom_redirect_url("https://example.com/done?x=1&y=2")
        .custom_redirect_failure_url("https://example.com/failed")
        .custom_metadata(metadata(&[
            ("id", json!("internal id 1")),
            ("vip", json!(true)),
        ]))
        .automatically_manage_new_devices(true)
        .wait_for_device_creation(false)
        .accepted_capabilities([
            ConnectWebviewAcceptedCapability::Lock,
            ConnectWebviewAcceptedCapability::Thermostat,
        ])
        .excluded_providers(["nest"])
        .customer_key("customer 1")
        .await;
    let _ = webviews
        .list()
        .custom_metadata_has(metadata(&[("id", json!("internal id 1"))]))
        .limit(5)
        .user_identifier_key(KEY)
        .await;
    let _ = webviews.get(WEBVIEW).await;
    let _ = webviews.delete(WEBVIEW_2).await;

    // client_sessions
    let sessions = seam.client_sessions();
    let _ = sessions
        .create()
        .user_identifier_key(KEY)
        .connected_account_ids([ACCOUNT, ACCOUNT_2])
        .connect_webview_ids([WEBVIEW, WEBVIEW_2])
        .expires_at(at("2025-06-30T12:00:00Z"))
        .user_identity_id(IDENTITY)
        .await;
    let _ = sessions
        .get_or_create()
        .user_identifier_key(KEY)
        .expires_at(at("2025-06-30T12:00:00Z"))
        .await;
    let _ = sessions
        .grant_access()
        .client_session_id(SESSION)
        .connected_account_ids([ACCOUNT, ACCOUNT_2])
        .connect_webview_ids([WEBVIEW])
        .await;
    let _ = sessions
        .list()
        .without_user_identifier_key(true)
        .connect_webview_id(WEBVIEW)
        .await;
    let _ = sessions.get().user_identifier_key(KEY).await;
    let _ = sessions.revoke(SESSION).await;
    let _ = sessions.delete(SESSION).await;

    // user_identities
    let identities = seam.user_identities();
    let _ = identities
        .create()
        .user_identity_key("guest/42")
        .email_address(EMAIL)
        .phone_number_null()
        .full_name("Zoë Ångström")
        .acs_system_ids([SYSTEM, SYSTEM_2])
        .await;
    let _ = identities
        .update(IDENTITY)
        .email_address_null()
        .full_name_null()
        .phone_number("+15555550100")
        .user_identity_key_null()
        .await;
    let _ = identities
        .list()
        .search(SEARCH)
        .user_identity_ids([IDENTITY, IDENTITY_2])
        .created_before(at("2025-01-02T03:04:05Z"))
        .limit(30)
        .credential_manager_acs_system_id(SYSTEM_2)
        .await;
    let _ = identities.get().user_identity_key(KEY).await;
    let _ = identities.delete(IDENTITY_2).await;
    let _ = identities.grant_access_to_device(IDENTITY, DEVICE).await;
    let _ = identities.revoke_access_to_device(IDENTITY, DEVICE).await;
    let _ = identities
        .add_acs_user(USER)
        .user_identity_id(IDENTITY)
        .await;
    let _ = identities.remove_acs_user(IDENTITY, USER).await;
    let _ = identities.list_accessible_devices(IDENTITY).await;
    let _ = identities.list_acs_systems(IDENTITY).await;
    let _ = identities.list_acs_users(IDENTITY).await;
    let _ = identities
        .generate_instant_key(IDENTITY)
        .max_use_count(3)
        .await;
    let _ = identities
        .unmanaged()
        .list()
        .search("Zoë Ångström")
        .limit(15)
        .page_cursor_null()
        .await;
    let _ = identities
        .unmanaged()
        .update(IDENTITY_2, true)
        .user_identity_key(KEY)
        .await;
    let automations = identities.enrollment_automations();
    let _ = automations
        .launch(IDENTITY, SYSTEM_2)
        .create_credential_manager_user(true)
        .acs_credential_pool_id(POOL)
        .await;
    let _ = automations.list(IDENTITY).await;
    let _ = automations.get(AUTOMATION).await;
    let _ = automations.delete(AUTOMATION).await;

    // webhooks
    let webhooks = seam.webhooks();
    let _ = webhooks
        .create("https://example.com/hooks?src=seam&x=1")
        .event_types(["device.connected", "lock.unlocked", "access_code.*"])
        .await;
    let _ = webhooks
        .update(WEBHOOK, ["device.disconnected", "lock.locked"])
        .await;
    let _ = webhooks.list().await;
    let _ = webhooks.get(WEBHOOK).await;
    let _ = webhooks.delete(WEBHOOK).await;

    // workspaces
    // An API key cannot create a workspace: refused before sending.
    let refused = seam.workspaces().create("Zoë's Workspace").await;
    assert!(
        matches!(
            &refused,
            Err(seam::Error::MissingCredentials {
                operation: "workspaces.create",
                ..
            })
        ),
        "{refused:?}"
    );
    let _ = with_token
        .workspaces()
        .create("Zoë's Workspace")
        .company_name("ACME & Co")
        .is_sandbox(true)
        .connect_webview_customization(
            WorkspacesCreateConnectWebviewCustomization::default()
                .with_logo_shape(Some(WorkspaceConnectWebviewCustomizationLogoShape::Circle))
                .with_primary_button_color(Some("#232426".into()))
                .with_success_message(None),
        )
        .await;
    let workspaces = seam.workspaces();
    let _ = workspaces
        .update()
        .name("Renamed")
        .is_suspended(false)
        .is_publishable_key_auth_enabled(true)
        .connect_webview_customization(
            WorkspacesUpdateConnectWebviewCustomization::default()
                .with_logo_shape(None)
                .with_primary_button_text_color(Some("#ffffff".into())),
        )
        .await;
    let _ = workspaces.get().await;
    let _ = workspaces.list().await;
    let _ = workspaces.reset_sandbox().await;

    // events
    let _ = seam
        .events()
        .list()
        .between([
            EventsListBetweenItem::DateTime(at("2025-06-01T10:00:00Z")),
            EventsListBetweenItem::DateTime(at("2025-06-02T10:00:00Z")),
        ])
        .event_types([
            EventsListEventType::DeviceConnected,
            EventsListEventType::LockUnlocked,
        ])
        .device_ids([DEVICE, DEVICE_2])
        .limit(50)
        .unstable_offset(10)
        .await;
    let _ = seam.events().get().event_id(EVENT).await;

    // action_attempts
    let _ = seam.action_attempts().get(ATTEMPT).await;
    let _ = seam
        .action_attempts()
        .list()
        .action_attempt_ids([ATTEMPT, ATTEMPT_2])
        .device_id(DEVICE)
        .limit(2)
        .page_cursor("next/page=2&x")
        .await;

    // phones
    let phones = seam.phones();
    let _ = phones
        .list()
        .owner_user_identity_id(IDENTITY)
        .acs_credential_id(CREDENTIAL)
        .await;
    let _ = phones.get(DEVICE_3).await;
    let _ = phones.deactivate(DEVICE_3).await;
    let _ = phones
        .simulate()
        .create_sandbox_phone(IDENTITY)
        .custom_sdk_installation_id("install 1")
        .phone_metadata(
            PhonesSimulateCreateSandboxPhonePhoneMetadata::default()
                .with_operating_system(
                    PhonesSimulateCreateSandboxPhonePhoneMetadataOperatingSystem::Ios,
                )
                .with_os_version("17.4")
                .with_device_manufacturer("Apple")
                .with_device_model("iPhone 15"),
        )
        .assa_abloy_metadata(
            PhonesSimulateCreateSandboxPhoneAssaAbloyMetadata::default()
                .with_ble_capability(true)
                .with_hce_capability(false)
                .with_nfc_capability(true)
                .with_application_version("1.0.0")
                .with_seos_applet_version("2.1")
                .with_seos_tsm_endpoint_id(2.0),
        )
        .await;

    // spaces
    let spaces = seam.spaces();
    let _ = spaces
        .create("Unit 4B")
        .space_key("unit/4b")
        .device_ids([DEVICE, DEVICE_2])
        .acs_entrance_ids([ENTRANCE])
        .await;
    let _ = spaces.add_devices(SPACE, [DEVICE_2, DEVICE_3]).await;
    let _ = spaces.remove_devices(SPACE, [DEVICE_2, DEVICE_3]).await;
    let _ = spaces
        .get_related()
        .space_ids([SPACE, SPACE_2])
        .include([
            SpacesGetRelatedIncludeItem::Devices,
            SpacesGetRelatedIncludeItem::AcsEntrances,
        ])
        .await;
    let _ = spaces.list().search(SEARCH).await;

    // customers
    let _ = seam
        .customers()
        .delete_data()
        .customer_keys(["customer 1", "customer&2"])
        .user_identity_keys([KEY, "guest/42"])
        .await;

    // instant_keys
    let instant_keys = seam.instant_keys();
    let _ = instant_keys.list().user_identity_id(IDENTITY).await;
    let _ = instant_keys
        .get()
        .instant_key_url("https://se.am/1/abc?x=1&y=é")
        .await;
    let _ = instant_keys.delete(INSTANT_KEY).await;
}

#[tokio::test]
async fn seams_javascript_sdk_and_the_rust_client_send_the_same_requests() {
    let calls = calls();
    let js_server = recording_server().await;
    let endpoint = js_server.uri();
    tokio::task::spawn_blocking(move || run_js_sdk(&endpoint, &calls))
        .await
        .unwrap();

    let rust_server = recording_server().await;
    let seam = Seam::builder()
        .ignore_env()
        .endpoint(rust_server.uri())
        .api_key(API_KEY)
        .max_retries(0)
        .build()
        .unwrap();
    let with_token = Seam::builder()
        .ignore_env()
        .endpoint(rust_server.uri())
        .personal_access_token(PERSONAL_ACCESS_TOKEN)
        .workspace_id(WORKSPACE_ID)
        .max_retries(0)
        .build()
        .unwrap();
    rust_calls(&seam, &with_token).await;

    let calls = self::calls();
    assert_same_requests(&calls, &sent(&js_server).await, &sent(&rust_server).await);

    // What the calls cover: many operations, and every method.
    let operations: std::collections::BTreeSet<&str> = calls.iter().map(|c| c.call).collect();
    assert_eq!(operations.len(), calls.len(), "each operation once");
    assert!(operations.len() >= 55, "{} operations", operations.len());
    let js = sent(&js_server).await;
    for method in ["GET", "DELETE", "PATCH", "PUT", "POST"] {
        assert!(
            js.iter().any(|sent| sent.method == method),
            "no {method} operation"
        );
    }
}
