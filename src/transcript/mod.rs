pub mod model;
pub use model::{
    Metadata, ModelMeta, Segment, Timing, TranscribeMeta, Transcript, TranscriptDocument, Word,
    TRANSCRIPT_SCHEMA,
};
