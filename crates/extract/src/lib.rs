//! sitrep's extraction pipeline.
pub mod normalise;
pub mod segment;
