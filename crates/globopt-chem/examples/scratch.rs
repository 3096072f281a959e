use globopt_chem::*;
fn main() {
    let text = std::env::args().nth(1).unwrap();
    let o = BalanceOptions::default();
    for _ in 0..20000 {
        std::hint::black_box(balance_text(&text, &o).unwrap());
    }
}
