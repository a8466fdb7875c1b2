//! Writes the man page and the shell completions of `loa`, from its own command line (clap):
//! `cargo run --release --bin gen-docs -- OUT_DIR` gives OUT_DIR/loa.1 (and one page per command,
//! loa-play.1…) and OUT_DIR/completions/{loa.bash,_loa,loa.fish}; the pages are worded from the
//! English catalogue (i18n/en/), as `loa --help` is, and a Vietnamese set goes to OUT_DIR/vi/.
//! Used by scripts/package.sh. A binary of the package, not an example: an example brings the
//! dev-dependencies, whose features (tokio's, serde's…) would rebuild most of the release build
//! that the package already has; this one needs only clap_mangen and clap_complete on top of it.
//! Not installed by the Debian package (its assets name `loa` alone).

use std::path::PathBuf;

use clap_complete::Shell;
use loa::i18n::{Lang, with_lang};

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "target/package/docs".into()),
    );
    let comp = out.join("completions");
    std::fs::create_dir_all(&comp)?;
    let cmd = with_lang(Lang::En, loa::cli::localized);
    clap_mangen::generate_to(cmd.clone(), &out)?;
    let vi = out.join("vi");
    std::fs::create_dir_all(&vi)?;
    clap_mangen::generate_to(with_lang(Lang::Vi, loa::cli::localized), &vi)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd.clone(), "loa", &comp)?;
    }
    Ok(())
}
