//! Icecast/SHOUTcast metadata: loa asks for none (`Icy-MetaData: 0`), but a server that sends it
//! anyway says `icy-metaint: N` and puts a block after every N bytes of sound (one byte of length
//! L, then 16·L bytes of text). [`IcyStrip`] passes the sound and drops the blocks.

use std::io::{self, Read};

pub struct IcyStrip<R> {
    inner: R,
    /// Bytes of sound between blocks (none: the stream has no blocks).
    every: Option<usize>,
    /// Sound left before the next block.
    left: usize,
}

impl<R: Read> IcyStrip<R> {
    pub fn new(inner: R, every: Option<usize>) -> IcyStrip<R> {
        let every = every.filter(|n| *n > 0);
        IcyStrip {
            inner,
            every,
            left: every.unwrap_or(0),
        }
    }

    fn skip_block(&mut self) -> io::Result<()> {
        let mut len = [0u8; 1];
        self.inner.read_exact(&mut len)?;
        let mut rest = usize::from(len[0]) * 16;
        let mut sink = [0u8; 256];
        while rest > 0 {
            let n = self.inner.read(&mut sink[..rest.min(256)])?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            rest -= n;
        }
        Ok(())
    }
}

impl<R: Read> Read for IcyStrip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(every) = self.every else {
            return self.inner.read(buf);
        };
        if self.left == 0 {
            self.skip_block()?;
            self.left = every;
        }
        let want = buf.len().min(self.left);
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_blocks_are_dropped_and_the_sound_kept_whole() {
        let sound: Vec<u8> = (0..100u8).collect();
        let mut wire = Vec::new();
        for (i, chunk) in sound.chunks(16).enumerate() {
            wire.extend_from_slice(chunk);
            if chunk.len() == 16 {
                if i % 2 == 0 {
                    let mut text = b"StreamTitle='VOV1';".to_vec();
                    text.resize(32, 0);
                    wire.push(2);
                    wire.extend_from_slice(&text);
                } else {
                    wire.push(0);
                }
            }
        }
        let mut out = Vec::new();
        // Read in awkward sizes, as a decoder does.
        let mut r = IcyStrip::new(&wire[..], Some(16));
        let mut buf = [0u8; 7];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, sound);
    }
}
