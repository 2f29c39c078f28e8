// gobwas/ws echo server for wsharness, as the library's README writes one: ws.UpgradeHTTP, then
// wsutil.ReadClientData / wsutil.WriteServerMessage in a loop.
//
//	gobwas --version   prints the github.com/gobwas/ws module version (runtime/debug build info)
//	gobwas --port N    echoes text as text and binary as binary on ws://127.0.0.1:N/
//
// Library defaults otherwise (wsutil's helpers: UTF-8 checked, no message size limit, control
// frames answered by wsutil.ControlFrameHandler). The helpers return errors and write nothing on
// them: like the README's loop, this one then closes the connection. SIGTERM ends the process
// (Go's default).
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

const module = "github.com/gobwas/ws"

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
		fmt.Fprintln(os.Stderr, "usage: gobwas --version | --port N")
		os.Exit(2)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _, err := ws.UpgradeHTTP(r, w)
		if err != nil {
			return // UpgradeHTTP has answered with an HTTP error
		}
		go func() {
			defer conn.Close()
			for {
				msg, op, err := wsutil.ReadClientData(conn)
				if err != nil {
					return
				}
				if err := wsutil.WriteServerMessage(conn, op, msg); err != nil {
					return
				}
			}
		}()
	})
	server := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", *port), Handler: handler}
	if err := server.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "gobwas echo:", err)
		os.Exit(1)
	}
}
