//! fastwebsockets echo server for wsharness, as the library's README and examples/echo_server.rs
//! write one: hyper's HTTP/1 upgrade, then a FragmentCollector (which reassembles fragmented
//! messages and checks their UTF-8 across fragments; the bare WebSocket only checks the UTF-8 of
//! unfragmented text frames, and passes fragments through unchecked).
//!   fastwebsockets_echo --version   prints the fastwebsockets version (from Cargo.lock, fixed at
//!                                   build time by build.rs)
//!   fastwebsockets_echo --port N    echoes text as text and binary as binary on 127.0.0.1:N
//! Library defaults otherwise (auto_close, auto_pong, auto_apply_mask on; 64 MiB max message).
//! Note: on invalid UTF-8, read_frame returns WebSocketError::InvalidUTF8 and sends nothing: as
//! in the README, the handler then returns and the connection is dropped. SIGTERM ends the process
//! (its default action: nothing here catches it).
use fastwebsockets::{upgrade, FragmentCollector, OpCode, WebSocketError};
use http_body_util::Empty;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use tokio::net::TcpListener;

async fn handle_client(fut: upgrade::UpgradeFut) -> Result<(), WebSocketError> {
    let mut ws = FragmentCollector::new(fut.await?);
    loop {
        let frame = ws.read_frame().await?;
        match frame.opcode {
            OpCode::Close => break,
            OpCode::Text | OpCode::Binary => ws.write_frame(frame).await?,
            _ => {}
        }
    }
    Ok(())
}

async fn server_upgrade(mut req: Request<Incoming>) -> Result<Response<Empty<Bytes>>, WebSocketError> {
    let (response, fut) = upgrade::upgrade(&mut req)?;
    tokio::spawn(async move {
        let _ = handle_client(fut).await; // the README logs the error; the harness reads the wire
    });
    Ok(response)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--version"] => println!("{}", env!("WSH_FASTWEBSOCKETS_VERSION")),
        ["--port", port] => {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().expect("tokio runtime");
            runtime.block_on(async {
                let listener = TcpListener::bind(("127.0.0.1", port.parse::<u16>().expect("--port N"))).await.expect("bind");
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(async move {
                        let io = hyper_util::rt::TokioIo::new(stream);
                        let _ = http1::Builder::new().serve_connection(io, service_fn(server_upgrade)).with_upgrades().await;
                    });
                }
            });
        }
        _ => {
            eprintln!("usage: fastwebsockets_echo --version | --port N");
            std::process::exit(2);
        }
    }
}
