//! End-to-end: `config show` prints the effective settings with their sources, secrets masked,
//! as text and as JSON with the fields docs/schemas/config-show.schema.json requires.

use crate::support::sandbox::Sandbox;

const API_KEY: &str = "key_live1.0123456789abcdefSECRETPART";
const WEBHOOK_SECRET: &str = "whsec_0123456789abcdefSECRETPART";
const TARGET_SECRET: &str = "whsec_fedcba9876543210TARGETPART";

fn show(sb: &Sandbox, json: bool) -> std::process::Output {
    let mut cmd = sb.cmd();
    cmd.args(["config", "show"])
        .env("TRST_API_KEY", API_KEY)
        .env("TRST_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("STAGING_SECRET", TARGET_SECRET);
    if json {
        cmd.arg("--json");
    }
    cmd.output().unwrap()
}

fn config(sb: &Sandbox) {
    sb.file(
        "trst-hooks.toml",
        "[targets.staging]\nurl = \"http://127.0.0.1:3000/webhooks/trst\"\nsecret_env = \"STAGING_SECRET\"\n\n\
         [targets.remote]\nurl = \"https://hooks.example.com/webhooks/trst\"\nsecret = \"whsec_inlineINLINEPART\"\n\n\
         [profiles.default]\nproject = \"proj_repo\"\n",
    );
}

#[test]
fn config_show_masks_every_secret_and_names_sources() {
    let sb = Sandbox::new();
    config(&sb);
    let out = show(&sb, false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for part in ["SECRETPART", "TARGETPART", "INLINEPART", "0123456789"] {
        assert!(!text.contains(part), "{part} shown in full:\n{text}");
    }
    for expected in [
        "untrusted",
        "key_",
        "(from $TRST_API_KEY)",
        "whsec_0123…",
        "(from $TRST_WEBHOOK_SECRET)",
        "proj_repo  (from profiles.default.project in",
        "https://api.prod.trstinc.ca/v1  (from default)",
        "whsec_fedc…  (from $STAGING_SECRET)",
        "refused: refusing targets.remote.url",
    ] {
        assert!(text.contains(expected), "missing {expected:?}:\n{text}");
    }
}

#[test]
fn config_show_json_has_the_schema_fields() {
    let sb = Sandbox::new();
    config(&sb);
    let out = show(&sb, true);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("SECRETPART") && !text.contains("TARGETPART"),
        "{text}"
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs/schemas/config-show.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for field in schema["required"].as_array().unwrap() {
        let field = field.as_str().unwrap();
        assert!(value.get(field).is_some(), "missing {field} in {value}");
    }
    assert_eq!(value["config_file"]["trust"], "untrusted");
    assert_eq!(value["api_key"]["source"], "$TRST_API_KEY");
    assert_eq!(value["targets"][0]["name"], "remote");
    assert!(value["targets"][0]["refused"].is_string());
    assert_eq!(value["targets"][1]["secret"]["value"], "whsec_fedc…");
    // Trusted, the remote target is no longer refused.
    assert!(
        sb.cmd()
            .args(["config", "trust"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let value: serde_json::Value = serde_json::from_slice(&show(&sb, true).stdout).unwrap();
    assert_eq!(value["config_file"]["trust"], "trusted");
    assert!(value["targets"][0]["refused"].is_null());
}
