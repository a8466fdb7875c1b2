fn main() {
    for p in std::env::args().skip(1) {
        match loa::audio::Decoder::open(std::path::Path::new(&p)) {
            Ok(mut d) => {
                let info = d.info().clone();
                let mut b = Vec::new();
                let mut err = None;
                loop { match d.next_block(&mut b) { Ok(Some(_)) => {}, Ok(None) => break, Err(e) => { err = Some(e); break } } }
                println!("{p}: {info:?} decoded={} damaged={:?} err={:?}", d.decoded_frames(), d.damage(), err.map(|e| e.to_string()));
            }
            Err(e) => println!("{p}: ERR {e}"),
        }
    }
}
