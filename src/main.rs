fn main() {
    migration_console::start();
}
