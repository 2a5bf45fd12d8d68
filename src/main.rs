//! The `trst-hooks` binary: everything lives in the library; only this file ends the process
//! (with the exit code, or at once on a second Ctrl-C during a graceful stop).

fn main() {
    trst_hooks::cmd::shutdown::on_forced_quit(|code| std::process::exit(code));
    std::process::exit(trst_hooks::main_entry());
}
