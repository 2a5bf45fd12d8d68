use super::*;

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("id-{n}")
    }
}

fn build(template: Template, overrides: Overrides, keep: bool) -> Value {
    let bytes = Builder::new(template, overrides, keep)
        .build(&mut ids(), "2026-01-01T00:00:00Z")
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn fixture() -> Template {
    Template::Fixture(fixtures::find("enrollment.completed").unwrap())
}

#[test]
fn fixture_gets_fresh_id_and_overrides() {
    let overrides = Overrides {
        project_id: Some("proj_9".into()),
        sets: vec![Assignment::parse("data.member_id=m_42").unwrap()],
        ..Default::default()
    };
    let v = build(fixture(), overrides, true);
    assert_eq!(v["event_id"], "id-1");
    assert_eq!(v["timestamp"], "2026-01-01T00:00:00Z");
    assert_eq!(v["project_id"], "proj_9");
    assert_eq!(v["data"]["member_id"], "m_42");
}

#[test]
fn data_file_replaces_data_but_keeps_the_type() {
    let data = parse_object(br#"{"session_id":"s1"}"#).unwrap();
    let overrides = Overrides {
        data: Some(data),
        top_level_type: true,
        ..Default::default()
    };
    let v = build(fixture(), overrides, true);
    assert_eq!(
        v["data"],
        serde_json::json!({"event_type":"enrollment.completed","session_id":"s1"})
    );
    assert_eq!(v["event_type"], "enrollment.completed");
}

#[test]
fn file_keeps_its_ids_unless_told() {
    let file = parse_object(
        br#"{"event_id":"e-file","timestamp":"t0","project_id":"p","data":{"event_type":"x.y"}}"#,
    )
    .unwrap();
    let v = build(Template::File(file.clone()), Overrides::default(), true);
    assert_eq!(
        (v["event_id"].as_str(), v["timestamp"].as_str()),
        (Some("e-file"), Some("t0"))
    );
    let told = Overrides {
        event_id: Some("e-flag".into()),
        ..Default::default()
    };
    assert_eq!(
        build(Template::File(file.clone()), told, true)["event_id"],
        "e-flag"
    );
    assert_eq!(
        build(Template::File(file), Overrides::default(), false)["event_id"],
        "id-1"
    );
}

#[test]
fn file_without_ids_gets_them_in_front() {
    let file = parse_object(br#"{"project_id":"p","data":{"event_type":"x.y"}}"#).unwrap();
    let bytes = Builder::new(Template::File(file), Overrides::default(), true)
        .build(&mut ids(), "NOW")
        .unwrap();
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .starts_with(r#"{"event_id":"id-1","timestamp":"NOW","project_id":"p""#)
    );
}

#[test]
fn set_into_a_non_object_fails() {
    let overrides = Overrides {
        sets: vec![Assignment::parse("data.device_id.x=1").unwrap()],
        ..Default::default()
    };
    let err = Builder::new(fixture(), overrides, true)
        .build(&mut ids(), "now")
        .unwrap_err();
    assert!(matches!(err, RenderError::NotAnObject { .. }));
}

#[test]
fn compiled_builds_the_same_bytes() {
    let file = parse_object(br#"{"data":{"event_type":"x.y","a":"{{uuid}}","b":{"c":"{{uuid}}","t":"{{now}}","again":"{{event_id}}"}}}"#).unwrap();
    let sets = vec![Assignment::parse("data.note=hi").unwrap()];
    let cases = [
        Builder::new(fixture(), Overrides::default(), true),
        Builder::new(
            Template::File(file.clone()),
            Overrides {
                sets: sets.clone(),
                ..Default::default()
            },
            false,
        ),
        Builder::new(
            Template::File(file),
            Overrides {
                event_id: Some("fixed".into()),
                ..Default::default()
            },
            false,
        ),
    ];
    for builder in cases {
        let slow = builder.build(&mut ids(), "2026-01-01T00:00:00Z").unwrap();
        let fast = builder
            .compile()
            .unwrap()
            .build(&mut ids(), "2026-01-01T00:00:00Z");
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            String::from_utf8(slow).unwrap()
        );
    }
}

#[test]
fn bad_files() {
    assert!(matches!(parse_object(b"[1]"), Err(FileError::NotAnObject)));
    assert!(matches!(parse_object(b"{nope"), Err(FileError::NotJson(_))));
}
