//! Raw-deflate inflation that counts every byte produced and stops as soon as a cap is
//! crossed, whatever the headers declared.

use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// Output window: a power of two of at least 32 KiB (the deflate window), reused in a ring.
const WINDOW: usize = 1 << 16;

/// Why a deflate stream could not be inflated.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// The input ends before the final block does.
    Truncated,
    /// The stream is not valid deflate.
    Invalid,
    /// The stream ends before the input does: this many bytes are left over.
    TrailingBytes(usize),
}

/// Receives inflated bytes: counts them, computes the CRC-32, optionally keeps them, and
/// refuses everything once more than `cap` bytes have arrived.
pub(crate) struct Sink {
    cap: u64,
    count: u64,
    crc: crc32fast::Hasher,
    keep: bool,
    kept: Vec<u8>,
    overflowed: bool,
}

/// What a [`Sink`] received.
pub(crate) struct Inflated {
    pub size: u64,
    pub crc32: u32,
    /// The bytes, if the sink was asked to keep them.
    pub kept: Vec<u8>,
}

impl Sink {
    pub fn new(cap: u64, keep: bool) -> Sink {
        Sink {
            cap,
            count: 0,
            crc: crc32fast::Hasher::new(),
            keep,
            kept: Vec::new(),
            overflowed: false,
        }
    }

    /// Takes a chunk; returns `false` (and keeps nothing more) once the cap is crossed.
    pub fn write(&mut self, chunk: &[u8]) -> bool {
        if self.overflowed {
            return false;
        }
        self.count += chunk.len() as u64;
        if self.count > self.cap {
            self.overflowed = true;
            self.kept = Vec::new();
            return false;
        }
        self.crc.update(chunk);
        if self.keep {
            self.kept.extend_from_slice(chunk);
        }
        true
    }

    /// Bytes received so far (including the chunk that crossed the cap).
    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    pub fn finish(self) -> Inflated {
        Inflated {
            size: self.count,
            crc32: self.crc.finalize(),
            kept: self.kept,
        }
    }
}

/// Inflates a complete raw deflate stream into `sink`, in chunks of at most 64 KiB, and stops
/// early (with `Ok`) as soon as the sink overflows; the caller checks
/// [`Sink::overflowed`]. Memory use is bounded by the window, whatever the input.
pub(crate) fn inflate_counted(input: &[u8], sink: &mut Sink) -> Result<(), InflateError> {
    let mut state = Box::<DecompressorOxide>::default();
    let mut out = vec![0u8; WINDOW];
    let mut pos = 0usize;
    let mut input = input;
    loop {
        // Flags 0: raw deflate (no zlib header), ring output buffer, all input given at once.
        let (status, consumed, written) = decompress(&mut state, input, &mut out, pos, 0);
        input = &input[consumed.min(input.len())..];
        if written > 0 && !sink.write(&out[pos..pos + written]) {
            return Ok(());
        }
        pos = (pos + written) & (WINDOW - 1);
        match status {
            TINFLStatus::Done => {
                return if input.is_empty() {
                    Ok(())
                } else {
                    Err(InflateError::TrailingBytes(input.len()))
                };
            }
            TINFLStatus::HasMoreOutput => {}
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                return Err(InflateError::Truncated)
            }
            _ => return Err(InflateError::Invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec;

    fn inflate(input: &[u8], cap: u64) -> (Result<(), InflateError>, Sink) {
        let mut sink = Sink::new(cap, true);
        let result = inflate_counted(input, &mut sink);
        (result, sink)
    }

    #[test]
    fn a_valid_stream_inflates_to_its_exact_bytes_and_crc() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (result, sink) = inflate(&compress_to_vec(&data, 6), u64::MAX);
        assert_eq!(result, Ok(()));
        assert!(!sink.overflowed());
        let out = sink.finish();
        assert_eq!(out.size, data.len() as u64);
        assert_eq!(out.crc32, crc32fast::hash(&data));
        assert_eq!(out.kept, data);
    }

    #[test]
    fn an_empty_stream_inflates_to_nothing() {
        let (result, sink) = inflate(&compress_to_vec(b"", 6), 0);
        assert_eq!(result, Ok(()));
        assert_eq!(sink.finish().size, 0);
    }

    #[test]
    fn inflating_stops_within_one_window_of_the_cap() {
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let bomb = compress_to_vec(&zeros, 6);
        let (result, sink) = inflate(&bomb, 1000);
        assert_eq!(result, Ok(()));
        assert!(sink.overflowed());
        assert!(sink.count() > 1000 && sink.count() <= 1000 + WINDOW as u64);
        assert!(
            sink.finish().kept.is_empty(),
            "nothing is kept past the cap"
        );
    }

    #[test]
    fn a_cut_stream_is_reported_as_truncated() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 256) as u8).collect();
        let z = compress_to_vec(&data, 6);
        let (result, _) = inflate(&z[..z.len() / 2], u64::MAX);
        assert_eq!(result, Err(InflateError::Truncated));
    }

    #[test]
    fn garbage_is_reported_as_invalid() {
        // Block type 3 is reserved: invalid from the first byte.
        let (result, _) = inflate(&[0xff, 0xff, 0xff, 0xff], u64::MAX);
        assert_eq!(result, Err(InflateError::Invalid));
    }

    #[test]
    fn bytes_after_the_final_block_are_reported() {
        let mut z = compress_to_vec(b"hello hello hello", 6);
        z.extend_from_slice(b"hidden");
        let (result, _) = inflate(&z, u64::MAX);
        assert_eq!(result, Err(InflateError::TrailingBytes(6)));
    }
}
