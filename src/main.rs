fn main() {
    migration_console::app::start();
}
