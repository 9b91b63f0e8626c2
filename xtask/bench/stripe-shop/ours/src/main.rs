//! A shop's calls to Stripe, the program whose build README "Compile time" times
//! (never run against Stripe: it only has to compile).

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stripe = stripe::Stripe::builder().build()?;
    let customer = stripe.customers().create().email("jenny@example.com").send().await?;
    let intent = (stripe.payment_intents().create(2000, "usd"))
        .customer(customer.id.as_str())
        .send()
        .await?;
    let page = stripe.customers().list().limit(3).send().await?;
    println!("{} {} {}", customer.id, intent.id, page.data.len());
    Ok(())
}
