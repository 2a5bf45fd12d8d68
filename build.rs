//! Link the `trst-hooks` executable as a classic (non-PIE) executable on Linux. A PIE binary of
//! this size carries ~32,000 relative relocations that the dynamic loader applies at every start,
//! copying ~540 KB of relocated pages: about a third of a one-shot `verify` (bench/verify,
//! bench/send/oneshot.sh). Only the final link changes (no dependency is rebuilt), and only for
//! the binaries; set `TRST_HOOKS_PIE=1` to keep the toolchain's default (PIE, full ASLR).

fn main() {
    println!("cargo:rerun-if-env-changed=TRST_HOOKS_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    let keep_pie = std::env::var_os("TRST_HOOKS_PIE").is_some_and(|v| v == "1");
    if linux && gnu && !keep_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
