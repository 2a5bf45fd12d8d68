//! The one way a duration is written for people (`240 ms`, `1.21 s`, `2m 5s`, `13d 17h`), for
//! the renderers. It is defined in [`crate::words`] so that engines word their messages the same
//! way.

pub use crate::words::{human, human_ms};
