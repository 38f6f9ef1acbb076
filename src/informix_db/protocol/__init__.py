"""Sans-I/O SQLI protocol core: never touches a socket, a thread or an event loop."""
