// Rebuild when migrations or translations change: both are embedded in the binary by macros.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
}
