//! Stripe's own Node SDK (npm `stripe` 19.1.0) and the generated Rust client (the
//! whole of Stripe's API, crate `stripe` in target/stripe-full) send the same requests
//! for the same calls, against one recording server on 127.0.0.1 (see `src/lib.rs`):
//! for each call the same method, path, query, form body byte for byte,
//! `Authorization`, `Stripe-Version`, `Content-Type` (on requests with a body) and
//! `Idempotency-Key` (present on every POST, a new one per call, the same one on the
//! retry of a call; the random values themselves are not compared).
//!
//! A DELETE's parameters go in the query string from both, also where the document
//! declares them as a form body (`DELETE /v1/subscriptions/{id}`; the profile's
//! `form_in_query`).
//!
//! Query strings are compared as the server reads them: pairs percent-decoded and
//! sorted by name (stably: repeated names keep their order). The Node SDK writes the
//! pairs in the caller's order and escapes with `qs` (brackets as they are, a space
//! as `%20`); the Rust client writes required parameters first and escapes as
//! `URLSearchParams` does (`%5B`, `%5D`, `+`). Same pairs, other bytes.
//!
//! Form bodies are compared as sent, unsorted. The Node SDK writes the parameters in
//! the order the caller gives them (`qs.stringify`), the Rust client in its
//! structs' field order, the document's (alphabetical); the calls below give the
//! Node SDK its parameters in that order (serde_json's map keeps keys sorted), so a
//! difference in order would be a real one.
//!
//! The calls cover nested objects (addresses, shipping, recurring prices), lists of
//! objects (`items[0][price]`, `line_items`, `custom_fields`), `metadata` (and an
//! empty value, which unsets a key), `expand[]`, dates (a JavaScript `Date` and unix
//! seconds), both booleans, negative and fractional numbers, deletes, retrieves, list
//! filters (`created[gte]`, `limit`, `lookup_keys[]`), a search, text that a form must
//! escape, a listing followed to its end through `has_more` and `starting_after`, and
//! two retried POSTs: one answered 503, one whose connection the server closes
//! unanswered. Both clients must decode every answer: each call's result (the `id`
//! of the object it got back, every item's id for the followed listing) is compared.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use stripe::Stripe;
use stripe_e2e::{
    decoded_query, on_a_main_sized_stack, run_node_sdk, stripe_spec, Fault, NodeCall, Recorded,
    RecordingServer, API_KEY, LIST_ITEMS, STRIPE_VERSION,
};

const CUSTOMER: &str = "cus_parity1";
const PRODUCT: &str = "prod_parity1";
const PRICE: &str = "price_parity1";
const INTENT: &str = "pi_parity1";
const SUBSCRIPTION: &str = "sub_parity1";
const INVOICE: &str = "in_parity1";
const TAX_ID: &str = "txi_parity1";

/// Characters a form must escape (`&`, `=`, `%`, `+`, `/`, `(`, non-ASCII) and some
/// it must not (`-`, `.`, `_`, `~`).
const DESCRIPTION: &str = "Ann & Bob = 50% off (1/2) + Zoë's ~ café-au-lait_v1.0";
const EMAIL: &str = "jane+doe@example.com";
/// 2025-01-01T00:00:00Z and 2026-01-01T00:00:00Z in unix seconds.
const FROM: i64 = 1_735_689_600;
const UNTIL: i64 = 1_767_225_600;

fn address() -> Value {
    json!({
        "city": "Berlin",
        "country": "DE",
        "line1": "Unter den Linden 1",
        "line2": "Apt. 3 & 4",
        "postal_code": "10117",
        "state": "BE",
    })
}

/// The calls, for Stripe's Node SDK (its own method names).
fn node_calls() -> Vec<NodeCall> {
    let call = NodeCall::new;
    vec![
        // customers
        call(
            "customers.create",
            vec![json!({
                "address": address(),
                "description": DESCRIPTION,
                "email": EMAIL,
                "expand": ["tax"],
                "metadata": { "order_id": "6735", "signup": "2025-09-30" },
                "name": "Zoë Doe",
                "phone": "+49 30 1234567",
                "preferred_locales": ["de", "en"],
                "tax_exempt": "none",
            })],
        ),
        call(
            "customers.retrieve",
            vec![
                json!(CUSTOMER),
                json!({ "expand": ["default_source", "invoice_settings.default_payment_method"] }),
            ],
        ),
        call(
            "customers.update",
            vec![
                json!(CUSTOMER),
                json!({
                    "invoice_settings": { "default_payment_method": "pm_card_visa" },
                    "metadata": { "note": "", "order_id": "6736" },
                    "shipping": { "address": address(), "name": "Jane Doe", "phone": "+49 30 7654321" },
                }),
            ],
        ),
        call(
            "customers.list",
            vec![json!({ "created": { "gte": FROM, "lt": UNTIL }, "email": EMAIL, "limit": 3 })],
        ),
        call(
            "customers.search",
            vec![json!({
                "limit": 10,
                "query": "email:'jane+doe@example.com' AND metadata['order_id']:'6735'",
            })],
        ),
        call(
            "customers.createTaxId",
            vec![
                json!(CUSTOMER),
                json!({ "type": "eu_vat", "value": "DE123456789" }),
            ],
        ),
        call(
            "customers.listTaxIds",
            vec![json!(CUSTOMER), json!({ "limit": 5 })],
        ),
        call(
            "customers.retrieveTaxId",
            vec![json!(CUSTOMER), json!(TAX_ID)],
        ),
        call(
            "customers.deleteTaxId",
            vec![json!(CUSTOMER), json!(TAX_ID)],
        ),
        call(
            "customers.createBalanceTransaction",
            vec![
                json!(CUSTOMER),
                json!({ "amount": -500, "currency": "eur", "description": DESCRIPTION }),
            ],
        ),
        call(
            "customers.listPaymentMethods",
            vec![json!(CUSTOMER), json!({ "limit": 2, "type": "card" })],
        ),
        call("customers.del", vec![json!("cus_parity2")]),
        // products
        call(
            "products.create",
            vec![json!({
                "active": true,
                "default_price_data": {
                    "currency": "usd",
                    "recurring": { "interval": "month", "interval_count": 1 },
                    "unit_amount": 1999,
                },
                "description": "Monthly plan",
                "images": ["https://example.com/a.png", "https://example.com/b.png?size=2"],
                "metadata": { "tier": "gold" },
                "name": "Gold plan",
                "shippable": false,
            })],
        ),
        call("products.retrieve", vec![json!(PRODUCT)]),
        call(
            "products.update",
            vec![
                json!(PRODUCT),
                json!({ "active": false, "metadata": { "tier": "silver" }, "name": "Silver plan" }),
            ],
        ),
        call(
            "products.list",
            vec![json!({ "active": true, "created": { "gt": FROM }, "limit": 10 })],
        ),
        call("products.del", vec![json!("prod_parity2")]),
        // prices
        call(
            "prices.create",
            vec![json!({
                "currency": "usd",
                "lookup_key": "gold_monthly",
                "metadata": { "plan": "gold" },
                "nickname": "Gold / month",
                "product": PRODUCT,
                "recurring": { "interval": "month", "usage_type": "licensed" },
                "tax_behavior": "exclusive",
                "unit_amount": 1999,
            })],
        ),
        call(
            "prices.retrieve",
            vec![json!(PRICE), json!({ "expand": ["product"] })],
        ),
        call(
            "prices.update",
            vec![
                json!(PRICE),
                json!({ "active": false, "metadata": { "plan": "" } }),
            ],
        ),
        call(
            "prices.list",
            vec![json!({
                "lookup_keys": ["gold_monthly", "gold_yearly"],
                "product": PRODUCT,
                "type": "recurring",
            })],
        ),
        // payment intents
        call(
            "paymentIntents.create",
            vec![json!({
                "amount": 2000,
                "automatic_payment_methods": { "enabled": true },
                "capture_method": "manual",
                "currency": "usd",
                "customer": CUSTOMER,
                "description": DESCRIPTION,
                "metadata": { "order_id": "6735" },
                "receipt_email": EMAIL,
                "shipping": { "address": address(), "name": "Jane Doe" },
            })],
        ),
        call(
            "paymentIntents.retrieve",
            vec![json!(INTENT), json!({ "expand": ["latest_charge"] })],
        ),
        call(
            "paymentIntents.update",
            vec![
                json!(INTENT),
                json!({ "amount": 2500, "metadata": { "order_id": "6736" } }),
            ],
        ),
        call(
            "paymentIntents.confirm",
            vec![
                json!(INTENT),
                json!({
                    "off_session": true,
                    "payment_method": "pm_card_visa",
                    "return_url": "https://example.com/return?order=6735&step=2",
                }),
            ],
        ),
        call(
            "paymentIntents.capture",
            vec![json!(INTENT), json!({ "amount_to_capture": 1500 })],
        ),
        call(
            "paymentIntents.cancel",
            vec![
                json!("pi_parity2"),
                json!({ "cancellation_reason": "requested_by_customer" }),
            ],
        ),
        call(
            "paymentIntents.list",
            vec![
                json!({ "created": { "gte": FROM, "lte": UNTIL }, "customer": CUSTOMER, "limit": 2 }),
            ],
        ),
        // subscriptions
        call(
            "subscriptions.create",
            vec![json!({
                "cancel_at_period_end": false,
                "customer": CUSTOMER,
                "default_tax_rates": ["txr_parity1", "txr_parity2"],
                "expand": ["latest_invoice.payment_intent"],
                "items": [
                    { "price": PRICE, "quantity": 2 },
                    { "metadata": { "seat": "extra" }, "price": "price_parity2" },
                ],
                "metadata": { "plan": "gold" },
                // A JavaScript Date: the SDK sends unix seconds.
                "trial_end": { "$date": "2026-01-01T00:00:00Z" },
            })],
        ),
        call("subscriptions.retrieve", vec![json!(SUBSCRIPTION)]),
        call(
            "subscriptions.update",
            vec![
                json!(SUBSCRIPTION),
                json!({
                    "items": [
                        { "deleted": true, "id": "si_parity1" },
                        { "price": "price_parity3", "quantity": 1 },
                    ],
                    "proration_behavior": "none",
                }),
            ],
        ),
        call(
            "subscriptions.cancel",
            vec![
                json!(SUBSCRIPTION),
                json!({ "invoice_now": true, "prorate": false }),
            ],
        ),
        call(
            "subscriptions.list",
            vec![json!({ "customer": CUSTOMER, "limit": 3, "price": PRICE, "status": "all" })],
        ),
        // coupons
        call(
            "coupons.create",
            vec![json!({
                "applies_to": { "products": [PRODUCT, "prod_parity2"] },
                "duration": "repeating",
                "duration_in_months": 3,
                "max_redemptions": 100,
                "name": "25.5% off",
                "percent_off": 25.5,
                "redeem_by": { "$date": "2026-06-30T12:00:00Z" },
            })],
        ),
        call("coupons.del", vec![json!("SPRING25")]),
        // invoices
        call(
            "invoiceItems.create",
            vec![json!({
                "amount": 1250,
                "currency": "usd",
                "customer": CUSTOMER,
                "description": DESCRIPTION,
                "discountable": true,
                "period": { "end": UNTIL, "start": FROM },
            })],
        ),
        call(
            "invoices.create",
            vec![json!({
                "auto_advance": false,
                "collection_method": "send_invoice",
                "custom_fields": [
                    { "name": "PO number", "value": "PO-6735" },
                    { "name": "Project", "value": "Blue & Green" },
                ],
                "customer": CUSTOMER,
                "days_until_due": 30,
            })],
        ),
        call(
            "invoices.finalizeInvoice",
            vec![json!(INVOICE), json!({ "auto_advance": true })],
        ),
        call(
            "invoices.list",
            vec![json!({ "customer": CUSTOMER, "due_date": { "lt": UNTIL }, "status": "open" })],
        ),
        // The server answers the first attempt 503: both retry, with the same key.
        call(
            "refunds.create",
            vec![json!({
                "amount": 500,
                "metadata": { "reason": "late delivery" },
                "payment_intent": INTENT,
                "reason": "requested_by_customer",
            })],
        ),
        // The server closes the first attempt's connection: both retry, same key.
        call(
            "setupIntents.create",
            vec![json!({
                "customer": CUSTOMER,
                "metadata": { "flow": "onboarding" },
                "payment_method_types": ["card", "sepa_debit"],
                "usage": "off_session",
            })],
        ),
        // Followed to its end: LIST_ITEMS tax codes, two a page.
        NodeCall::all("taxCodes.list", vec![json!({ "limit": 2 })]),
        call("taxCodes.retrieve", vec![json!("txcd_10000000")]),
        // webhook endpoints
        call(
            "webhookEndpoints.create",
            vec![json!({
                "description": DESCRIPTION,
                "enabled_events": ["charge.succeeded", "customer.created"],
                "metadata": { "team": "billing" },
                "url": "https://example.com/hooks?source=stripe&v=2",
            })],
        ),
        call("webhookEndpoints.del", vec![json!("we_parity1")]),
        // checkout
        call(
            "checkout.sessions.create",
            vec![json!({
                "cancel_url": "https://example.com/cancel",
                "line_items": [{
                    "adjustable_quantity": { "enabled": true, "maximum": 10, "minimum": 1 },
                    "price": PRICE,
                    "quantity": 1,
                }],
                "mode": "subscription",
                "subscription_data": { "metadata": { "plan": "gold" }, "trial_period_days": 14 },
                "success_url": "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
            })],
        ),
    ]
}

/// A parameter of the client's own type, from its JSON: the calls below name no
/// generated type, only operations and setters.
fn from<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not fit the parameter's type: {e}"))
}

/// What a call got back, as stripe-calls.mjs reports it: the decoded object's `id`,
/// else its `object`; a failure as its message (which no Node result equals), so
/// that the test goes on to show every request that differs.
fn result<T: Serialize>(call: &str, response: Result<T, stripe::Error>) -> Value {
    let response = match response {
        Ok(response) => response,
        Err(e) => return json!(format!("{call} failed: {e:?}")),
    };
    let value = serde_json::to_value(response).unwrap();
    value
        .get("id")
        .or_else(|| value.get("object"))
        .cloned()
        .unwrap_or(Value::Null)
}

/// The same calls, in the same order, through the Rust client; what each got back.
async fn rust_calls(stripe: &Stripe) -> Vec<Value> {
    let mut results = Vec::new();
    // Each call in a boxed future of its own: one function holding every builder
    // and future of the 46 calls would overflow a test thread's stack in a debug build.
    macro_rules! call {
        ($name:literal, $request:expr) => {
            results.push(Box::pin(async { result($name, $request.send().await) }).await)
        };
    }
    // customers
    call!(
        "customers.create",
        stripe
            .customers()
            .create()
            .address(from(address()))
            .description(DESCRIPTION)
            .email(EMAIL)
            .expand(["tax"])
            .metadata(from(json!({ "order_id": "6735", "signup": "2025-09-30" })))
            .name("Zoë Doe")
            .phone("+49 30 1234567")
            .preferred_locales(["de", "en"])
            .tax_exempt(from(json!("none")))
    );
    call!(
        "customers.retrieve",
        stripe
            .customers()
            .retrieve(CUSTOMER)
            .expand(["default_source", "invoice_settings.default_payment_method"])
    );
    call!(
        "customers.update",
        stripe
            .customers()
            .update(CUSTOMER)
            .invoice_settings(from(json!({ "default_payment_method": "pm_card_visa" })))
            .metadata(from(json!({ "note": "", "order_id": "6736" })))
            .shipping(from(json!({
                "address": address(), "name": "Jane Doe", "phone": "+49 30 7654321",
            })))
    );
    call!(
        "customers.list",
        stripe
            .customers()
            .list()
            .created(from(json!({ "gte": FROM, "lt": UNTIL })))
            .email(EMAIL)
            .limit(3)
    );
    call!(
        "customers.search",
        stripe
            .customers()
            .search("email:'jane+doe@example.com' AND metadata['order_id']:'6735'")
            .limit(10)
    );
    call!(
        "customers.createTaxId",
        stripe
            .customers()
            .tax_ids()
            .create(CUSTOMER, from(json!("eu_vat")), "DE123456789")
    );
    call!(
        "customers.listTaxIds",
        stripe.customers().tax_ids().list(CUSTOMER).limit(5)
    );
    call!(
        "customers.retrieveTaxId",
        stripe.customers().tax_ids().retrieve(CUSTOMER, TAX_ID)
    );
    call!(
        "customers.deleteTaxId",
        stripe.customers().tax_ids().delete(CUSTOMER, TAX_ID)
    );
    call!(
        "customers.createBalanceTransaction",
        stripe
            .customers()
            .balance_transactions()
            .create(CUSTOMER, -500, "eur")
            .description(DESCRIPTION)
    );
    call!(
        "customers.listPaymentMethods",
        stripe
            .customers()
            .payment_methods()
            .list(CUSTOMER)
            .limit(2)
            .type_(from(json!("card")))
    );
    call!("customers.del", stripe.customers().delete("cus_parity2"));
    // products
    call!(
        "products.create",
        stripe
            .products()
            .create("Gold plan")
            .active(true)
            .default_price_data(from(json!({
                "currency": "usd",
                "recurring": { "interval": "month", "interval_count": 1 },
                "unit_amount": 1999,
            })))
            .description("Monthly plan")
            .images([
                "https://example.com/a.png",
                "https://example.com/b.png?size=2"
            ])
            .metadata(from(json!({ "tier": "gold" })))
            .shippable(false)
    );
    call!("products.retrieve", stripe.products().retrieve(PRODUCT));
    call!(
        "products.update",
        stripe
            .products()
            .update(PRODUCT)
            .active(false)
            .metadata(from(json!({ "tier": "silver" })))
            .name("Silver plan")
    );
    call!(
        "products.list",
        stripe
            .products()
            .list()
            .active(true)
            .created(from(json!({ "gt": FROM })))
            .limit(10)
    );
    call!("products.del", stripe.products().delete("prod_parity2"));
    // prices
    call!(
        "prices.create",
        stripe
            .prices()
            .create("usd")
            .lookup_key("gold_monthly")
            .metadata(from(json!({ "plan": "gold" })))
            .nickname("Gold / month")
            .product(PRODUCT)
            .recurring(from(
                json!({ "interval": "month", "usage_type": "licensed" })
            ))
            .tax_behavior(from(json!("exclusive")))
            .unit_amount(1999)
    );
    call!(
        "prices.retrieve",
        stripe.prices().retrieve(PRICE).expand(["product"])
    );
    call!(
        "prices.update",
        stripe
            .prices()
            .update(PRICE)
            .active(false)
            .metadata(from(json!({ "plan": "" })))
    );
    call!(
        "prices.list",
        stripe
            .prices()
            .list()
            .lookup_keys(["gold_monthly", "gold_yearly"])
            .product(PRODUCT)
            .type_(from(json!("recurring")))
    );
    // payment intents
    call!(
        "paymentIntents.create",
        stripe
            .payment_intents()
            .create(2000, "usd")
            .automatic_payment_methods(from(json!({ "enabled": true })))
            .capture_method(from(json!("manual")))
            .customer(CUSTOMER)
            .description(DESCRIPTION)
            .metadata(from(json!({ "order_id": "6735" })))
            .receipt_email(EMAIL)
            .shipping(from(json!({ "address": address(), "name": "Jane Doe" })))
    );
    call!(
        "paymentIntents.retrieve",
        stripe
            .payment_intents()
            .retrieve(INTENT)
            .expand(["latest_charge"])
    );
    call!(
        "paymentIntents.update",
        stripe
            .payment_intents()
            .update(INTENT)
            .amount(2500)
            .metadata(from(json!({ "order_id": "6736" })))
    );
    call!(
        "paymentIntents.confirm",
        stripe
            .payment_intents()
            .confirm(INTENT)
            .off_session(from(json!(true)))
            .payment_method("pm_card_visa")
            .return_url("https://example.com/return?order=6735&step=2")
    );
    call!(
        "paymentIntents.capture",
        stripe
            .payment_intents()
            .capture(INTENT)
            .amount_to_capture(1500)
    );
    call!(
        "paymentIntents.cancel",
        stripe
            .payment_intents()
            .cancel("pi_parity2")
            .cancellation_reason(from(json!("requested_by_customer")))
    );
    call!(
        "paymentIntents.list",
        stripe
            .payment_intents()
            .list()
            .created(from(json!({ "gte": FROM, "lte": UNTIL })))
            .customer(CUSTOMER)
            .limit(2)
    );
    // subscriptions
    call!(
        "subscriptions.create",
        stripe
            .subscriptions()
            .create(CUSTOMER)
            .cancel_at_period_end(false)
            .default_tax_rates(from(json!(["txr_parity1", "txr_parity2"])))
            .expand(["latest_invoice.payment_intent"])
            .items_2(from::<Vec<_>>(json!([
                { "price": PRICE, "quantity": 2 },
                { "metadata": { "seat": "extra" }, "price": "price_parity2" },
            ])))
            .metadata(from(json!({ "plan": "gold" })))
            .trial_end(from(json!(UNTIL)))
    );
    call!(
        "subscriptions.retrieve",
        stripe.subscriptions().retrieve(SUBSCRIPTION)
    );
    call!(
        "subscriptions.update",
        stripe
            .subscriptions()
            .update(SUBSCRIPTION)
            .items_2(from::<Vec<_>>(json!([
                { "deleted": true, "id": "si_parity1" },
                { "price": "price_parity3", "quantity": 1 },
            ])))
            .proration_behavior(from(json!("none")))
    );
    call!(
        "subscriptions.cancel",
        stripe
            .subscriptions()
            .delete(SUBSCRIPTION)
            .invoice_now(true)
            .prorate(false)
    );
    call!(
        "subscriptions.list",
        stripe
            .subscriptions()
            .list()
            .customer(CUSTOMER)
            .limit(3)
            .price(PRICE)
            .status(from(json!("all")))
    );
    // coupons
    call!(
        "coupons.create",
        stripe
            .coupons()
            .create()
            .applies_to(from(json!({ "products": [PRODUCT, "prod_parity2"] })))
            .duration(from(json!("repeating")))
            .duration_in_months(3)
            .max_redemptions(100)
            .name("25.5% off")
            .percent_off(25.5)
            // 2026-06-30T12:00:00Z
            .redeem_by(1_782_820_800)
    );
    call!("coupons.del", stripe.coupons().delete("SPRING25"));
    // invoices
    call!(
        "invoiceItems.create",
        stripe
            .invoiceitems()
            .create(CUSTOMER)
            .amount(1250)
            .currency("usd")
            .description(DESCRIPTION)
            .discountable(true)
            .period(from(json!({ "end": UNTIL, "start": FROM })))
    );
    call!(
        "invoices.create",
        stripe
            .invoices()
            .create()
            .auto_advance(false)
            .collection_method(from(json!("send_invoice")))
            .custom_fields(from(json!([
                { "name": "PO number", "value": "PO-6735" },
                { "name": "Project", "value": "Blue & Green" },
            ])))
            .customer(CUSTOMER)
            .days_until_due(30)
    );
    call!(
        "invoices.finalizeInvoice",
        stripe.invoices().finalize(INVOICE).auto_advance(true)
    );
    call!(
        "invoices.list",
        stripe
            .invoices()
            .list()
            .customer(CUSTOMER)
            .due_date(from(json!({ "lt": UNTIL })))
            .status(from(json!("open")))
    );
    call!(
        "refunds.create",
        stripe
            .refunds()
            .create()
            .amount(500)
            .metadata(from(json!({ "reason": "late delivery" })))
            .payment_intent(INTENT)
            .reason(from(json!("requested_by_customer")))
    );
    call!(
        "setupIntents.create",
        stripe
            .setup_intents()
            .create()
            .customer(CUSTOMER)
            .metadata(from(json!({ "flow": "onboarding" })))
            .payment_method_types(["card", "sepa_debit"])
            .usage(from(json!("off_session")))
    );
    // Followed to its end: the client asks for each next page with `starting_after`.
    let mut codes: Vec<String> = Vec::new();
    let mut items = stripe.tax_codes().list().limit(2).items();
    while let Some(code) = items.next_item().await {
        match code {
            Ok(code) => codes.push(code.id),
            Err(e) => {
                codes.push(format!("taxCodes.list failed: {e:?}"));
                break;
            }
        }
    }
    results.push(json!(codes));
    call!(
        "taxCodes.retrieve",
        stripe.tax_codes().retrieve("txcd_10000000")
    );
    // webhook endpoints
    call!(
        "webhookEndpoints.create",
        stripe
            .webhook_endpoints()
            .create(
                from::<Vec<_>>(json!(["charge.succeeded", "customer.created"])),
                "https://example.com/hooks?source=stripe&v=2",
            )
            .description(DESCRIPTION)
            .metadata(from(json!({ "team": "billing" })))
    );
    call!(
        "webhookEndpoints.del",
        stripe.webhook_endpoints().delete("we_parity1")
    );
    // checkout
    call!(
        "checkout.sessions.create",
        stripe
            .checkout()
            .sessions()
            .create("https://example.com/success?session_id={CHECKOUT_SESSION_ID}")
            .cancel_url("https://example.com/cancel")
            .line_items(from::<Vec<_>>(json!([{
                "adjustable_quantity": { "enabled": true, "maximum": 10, "minimum": 1 },
                "price": PRICE,
                "quantity": 1,
            }])))
            .mode(from(json!("subscription")))
            .subscription_data(from(json!({
                "metadata": { "plan": "gold" }, "trial_period_days": 14,
            })))
    );
    results
}

/// Where a request's `Idempotency-Key` stands among the recording's.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Key {
    None,
    /// A key no earlier request carried.
    New,
    /// The key of the request just before, which the server failed: a retry.
    Retry,
}

/// A request as the comparison sees it.
#[derive(Debug, PartialEq)]
struct Wire {
    method: String,
    path: String,
    /// Decoded, sorted by name (see the header).
    query: Vec<(String, String)>,
    authorization: Option<String>,
    stripe_version: Option<String>,
    /// Only on a request with a body: the Node SDK also labels its empty GETs.
    content_type: Option<String>,
    idempotency_key: Key,
    body: String,
    /// Whether the server failed this attempt (a 503, a closed connection).
    faulted: bool,
}

/// The recording as [`Wire`]s; fails on a key reused other than by a retry.
fn wires(who: &str, recorded: &[Recorded]) -> Vec<Wire> {
    let mut seen: Vec<&str> = Vec::new();
    let mut previous: Option<&Recorded> = None;
    let mut wires = Vec::new();
    for request in recorded {
        let key = request.header("idempotency-key");
        let idempotency_key = match key {
            None => Key::None,
            Some(key)
                if previous
                    .is_some_and(|p| p.faulted && p.header("idempotency-key") == Some(key)) =>
            {
                Key::Retry
            }
            Some(key) => {
                assert!(
                    !seen.contains(&key),
                    "{who}: Idempotency-Key {key} reused by another call: {request:?}"
                );
                seen.push(key);
                Key::New
            }
        };
        wires.push(Wire {
            method: request.method.clone(),
            path: request.path.clone(),
            query: {
                let mut pairs = decoded_query(request.query.as_deref());
                pairs.sort_by(|(a, _), (b, _)| a.cmp(b));
                pairs
            },
            authorization: request.header("authorization").map(str::to_owned),
            stripe_version: request.header("stripe-version").map(str::to_owned),
            content_type: (!request.body.is_empty())
                .then(|| request.header("content-type").map(str::to_owned))
                .flatten(),
            idempotency_key,
            body: request.body_text(),
            faulted: request.faulted,
        });
        previous = Some(request);
    }
    wires
}

#[test]
fn stripes_node_sdk_and_the_rust_client_send_the_same_requests() {
    on_a_main_sized_stack(the_same_requests);
}

async fn the_same_requests() {
    let server = RecordingServer::start(&stripe_spec()).await;
    server.fault("POST", "/v1/refunds", Fault::Unavailable);
    server.fault("POST", "/v1/setup_intents", Fault::Drop);

    let calls = node_calls();
    let port = server.port();
    let node_results = tokio::task::spawn_blocking(move || run_node_sdk(port, &calls))
        .await
        .unwrap();
    let node_raw = server.take();

    let stripe = Stripe::builder()
        .ignore_env()
        .endpoint(server.url())
        .api_key(API_KEY)
        .max_retries(2)
        .retry_base_delay(Duration::from_millis(20))
        .build()
        .unwrap();
    let rust_results = Box::pin(rust_calls(&stripe)).await;
    let rust_raw = server.take();

    let calls = node_calls();
    assert!(calls.len() >= 40, "{} calls", calls.len());
    assert_eq!(rust_results.len(), calls.len(), "one Rust result per call");

    // What each sent, request by request.
    let node = wires("node", &node_raw);
    let rust = wires("rust", &rust_raw);
    let count = node.len().max(rust.len());
    let differing: Vec<String> = (0..count)
        .filter(|&i| node.get(i) != rust.get(i))
        .map(|i| {
            format!(
                "request {i}:\n  node: {:?}\n  rust: {:?}",
                node.get(i),
                rust.get(i)
            )
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{} of {count} requests differ (node sent {}, rust {}):\n{}",
        differing.len(),
        node.len(),
        rust.len(),
        differing.join("\n")
    );

    // What each client got back: both decoded the same answers.
    let differing: Vec<String> = calls
        .iter()
        .zip(node_results.iter().zip(&rust_results))
        .filter(|(_, (node, rust))| node != rust)
        .map(|(call, (node, rust))| format!("{}: node {node}, rust {rust}", call.call))
        .collect();
    assert!(
        differing.is_empty(),
        "results differ:\n{}",
        differing.join("\n")
    );
    let codes: Vec<String> = (1..=LIST_ITEMS).map(|i| format!("tax_code_{i}")).collect();
    assert!(
        node_results.contains(&json!(codes)),
        "the followed listing saw every tax code: {node_results:?}"
    );

    // And what that is, in absolute terms (the same for both, as just shown).
    // Every call once, plus two more pages of tax codes and two retries.
    assert_eq!(node.len(), calls.len() + 2 + 2, "{node:#?}");
    for wire in &node {
        assert_eq!(
            wire.authorization.as_deref(),
            Some("Bearer sk_test_parity"),
            "{wire:?}"
        );
        assert_eq!(
            wire.stripe_version.as_deref(),
            Some(STRIPE_VERSION),
            "{wire:?}"
        );
        if !wire.body.is_empty() {
            assert_eq!(
                wire.content_type.as_deref(),
                Some("application/x-www-form-urlencoded"),
                "{wire:?}"
            );
        }
        assert_eq!(
            wire.idempotency_key != Key::None,
            wire.method == "POST",
            "an Idempotency-Key on every POST, and only there: {wire:?}"
        );
    }
    let retried: Vec<&str> = node
        .windows(2)
        .filter(|pair| pair[0].faulted)
        .map(|pair| {
            assert_eq!(pair[1].idempotency_key, Key::Retry, "{pair:?}");
            assert_eq!(
                (&pair[0].path, &pair[0].body),
                (&pair[1].path, &pair[1].body)
            );
            pair[1].path.as_str()
        })
        .collect();
    assert_eq!(retried, ["/v1/refunds", "/v1/setup_intents"]);
    let pages: Vec<Option<&str>> = node_raw
        .iter()
        .filter(|request| request.path == "/v1/tax_codes")
        .map(|request| request.query.as_deref())
        .collect();
    assert_eq!(
        pages,
        [
            Some("limit=2"),
            Some("limit=2&starting_after=tax_code_2"),
            Some("limit=2&starting_after=tax_code_4"),
        ]
    );
    for method in ["GET", "POST", "DELETE"] {
        assert!(node.iter().any(|wire| wire.method == method), "no {method}");
    }
    let create = &node[0];
    assert!(
        create.body.contains("address[line2]=Apt.%203%20%26%204&")
            && create.body.contains("metadata[order_id]=6735&")
            && create.body.contains("expand[0]=tax&"),
        "nested objects, metadata and expand[] as Stripe reads them: {}",
        create.body
    );
}
