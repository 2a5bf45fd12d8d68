//! The `trst-hooks` binary: everything lives in the library.

fn main() {
    std::process::exit(trst_hooks::main_entry());
}
