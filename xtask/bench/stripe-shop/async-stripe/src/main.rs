//! A shop's calls to Stripe, the program whose build README "Compile time" times
//! (never run against Stripe: it only has to compile).

use stripe_core::customer::{CreateCustomer, ListCustomer};
use stripe_core::payment_intent::CreatePaymentIntent;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = stripe::Client::new(std::env::var("STRIPE_SECRET_KEY")?);
    let customer = CreateCustomer::new().email("jenny@example.com").send(&client).await?;
    let intent = CreatePaymentIntent::new(2000, stripe_types::Currency::USD)
        .customer(customer.id.as_str())
        .send(&client)
        .await?;
    let page = ListCustomer::new().limit(3).send(&client).await?;
    println!("{} {} {}", customer.id, intent.id, page.data.len());
    Ok(())
}
