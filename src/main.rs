//! The console page's entry point (built by Trunk).

fn main() {
    zec_reinstall::start_console();
}
