// coder/websocket (formerly nhooyr.io/websocket) echo server for wsharness.
//
//	coder-websocket --version   prints the github.com/coder/websocket module version (runtime/debug build info)
//	coder-websocket --port N    echoes text as text and binary as binary on ws://127.0.0.1:N/
//
// Library defaults otherwise (websocket.Accept with nil options: 32 KiB read limit, no
// compression, same-origin check): what people deploy. SIGTERM ends the process (Go's default).
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/coder/websocket"
)

const module = "github.com/coder/websocket"

func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == module {
				return strings.TrimPrefix(d.Version, "v")
			}
		}
	}
	return "unknown"
}

func main() {
	version := flag.Bool("version", false, "print the "+module+" version")
	port := flag.Int("port", 0, "listen on 127.0.0.1:PORT")
	flag.Parse()
	if *version {
		fmt.Println(moduleVersion())
		return
	}
	if *port == 0 {
		fmt.Fprintln(os.Stderr, "usage: coder-websocket --version | --port N")
		os.Exit(2)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return // Accept has answered with an HTTP error
		}
		defer conn.CloseNow()
		for {
			kind, data, err := conn.Read(r.Context())
			if err != nil {
				return // the library has sent its close frame (or answered the peer's close)
			}
			if err := conn.Write(r.Context(), kind, data); err != nil {
				return
			}
		}
	})
	server := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", *port)}
	if err := server.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "coder-websocket echo:", err)
		os.Exit(1)
	}
}
