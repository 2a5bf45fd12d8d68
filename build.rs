//! Optionally link the `trst-hooks` executable as a classic (non-PIE) executable on Linux, with
//! `TRST_HOOKS_NO_PIE=1` at build time. A PIE binary of this size carries ~32,000 relative
//! relocations that the dynamic loader applies at every start, copying ~540 KB of relocated
//! pages: about a third of a one-shot `verify` (bench/verify, bench/send/oneshot.sh). Without PIE
//! that cost is gone, but so is address randomisation of the executable's own code, which is
//! nearly all of this program's code; `listen` takes requests from whoever reaches its port, so
//! the default keeps the toolchain's PIE. Only the final link of the binaries changes.

fn main() {
    println!("cargo:rerun-if-env-changed=TRST_HOOKS_NO_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    let no_pie = std::env::var_os("TRST_HOOKS_NO_PIE").is_some_and(|v| v == "1");
    if linux && gnu && no_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
