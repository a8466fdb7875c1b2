//! Writes the man page and the shell completions of `loa`, from its own command line (clap):
//! `cargo run --example gen-docs -- OUT_DIR` gives OUT_DIR/loa.1 (and one page per command,
//! loa-play.1…) and OUT_DIR/completions/{loa.bash,_loa,loa.fish}. Used by scripts/package.sh.

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "target/package/docs".into()),
    );
    let comp = out.join("completions");
    std::fs::create_dir_all(&comp)?;
    let cmd = loa::cli::Cli::command();
    clap_mangen::generate_to(cmd.clone(), &out)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd.clone(), "loa", &comp)?;
    }
    Ok(())
}
