// gorilla/websocket echo server for wsharness.
//
//	gorilla --version   prints the github.com/gorilla/websocket module version (runtime/debug build info)
//	gorilla --port N    echoes text as text and binary as binary on ws://127.0.0.1:N/
//
// Library defaults otherwise (a zero websocket.Upgrader: 4 KiB buffers, no read limit, no
// compression, same-origin check): what people deploy. SIGTERM ends the process (Go's default).
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/gorilla/websocket"
)

const module = "github.com/gorilla/websocket"

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
		fmt.Fprintln(os.Stderr, "usage: gorilla --version | --port N")
		os.Exit(2)
	}
	var upgrader websocket.Upgrader
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return // Upgrade has answered with an HTTP error
		}
		defer conn.Close()
		for {
			kind, data, err := conn.ReadMessage()
			if err != nil {
				return // gorilla has sent its close frame (or the peer's close was answered)
			}
			if err := conn.WriteMessage(kind, data); err != nil {
				return
			}
		}
	})
	// The harness's readiness probe connects and leaves without a request: no log line for that.
	server := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", *port)}
	if err := server.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "gorilla echo:", err)
		os.Exit(1)
	}
}
