//! A small static file server for `dist/`, so `cargo xtask serve` shows exactly the site
//! that gets hosted (release build, relative URLs) without another tool.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use crate::{dist, Failure, Result};

/// Builds the site and serves it until interrupted. `--port N` changes the port.
pub fn serve(args: &[String]) -> Result {
    let port = match args {
        [flag, n] if flag == "--port" => n
            .parse()
            .map_err(|_| Failure::new("serve", "--port takes a number"))?,
        [] => 8080u16,
        _ => return Err(Failure::new("serve", "usage: cargo xtask serve [--port N]")),
    };
    let dist = dist()?;
    let addr = format!("127.0.0.1:{port}");
    let listener = TcpListener::bind(&addr).map_err(|e| {
        Failure::new(
            "serve",
            format!("cannot listen on {addr}: {e}; is another server running? try --port"),
        )
    })?;
    println!("\nScaling Lab is being served at http://{addr}/  (Ctrl-C to stop)");
    for stream in listener.incoming().flatten() {
        let dist = dist.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &dist);
        });
    }
    Ok(())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn resolve(dist: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.trim_start_matches('/');
    if path.split('/').any(|part| part == "..") {
        return None;
    }
    let file = dist.join(path);
    Some(if file.is_dir() {
        file.join("index.html")
    } else {
        file
    })
}

fn respond(stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Headers are read and ignored; the request line says all a static site needs.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let mut out = stream;
    match resolve(dist, target).and_then(|p| std::fs::read(&p).ok().map(|body| (p, body))) {
        Some((path, body)) => {
            write!(out, "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n", content_type(&path), body.len())?;
            out.write_all(&body)
        }
        None => out.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        ),
    }
}
