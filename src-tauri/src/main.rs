fn main() {
    liaison_desk_lib::run()
}
