//! A load generator for the API: many keep-alive HTTP/1.1 clients on loopback, each
//! cycling over a list of paths for a fixed time, with latency percentiles per path.
//!
//! The client is a few lines over a `TcpStream` (request line, headers, a body of
//! `Content-Length` or chunked), which is all a loopback test of this server needs.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One endpoint of the mix.
#[derive(Debug, Clone)]
pub struct Target {
    /// What the report calls it (`/api/events?type=`).
    pub label: String,
    /// Path and query to request.
    pub path: String,
}

/// Figures of one endpoint.
#[derive(Debug, Clone)]
pub struct EndpointReport {
    pub label: String,
    pub requests: usize,
    /// Answers other than 200, and broken connections.
    pub errors: usize,
    pub rps: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub clients: usize,
    pub seconds: f64,
    pub endpoints: Vec<EndpointReport>,
    pub requests: usize,
    pub errors: usize,
    pub rps: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// The `q`-quantile (0..1) of sorted values, nearest rank.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Reads one response; returns its status. The body is read and dropped.
async fn read_response(r: &mut BufReader<TcpStream>, line: &mut String) -> std::io::Result<(u16, bool)> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    line.clear();
    if r.read_line(line).await? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
    }
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("status line"))?;
    let (mut length, mut chunked, mut close) = (None, false, false);
    loop {
        line.clear();
        if r.read_line(line).await? == 0 {
            return Err(bad("headers cut short"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "content-length" => length = v.parse::<u64>().ok(),
                "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
                "connection" => close = v.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
    }
    if chunked {
        loop {
            line.clear();
            r.read_line(line).await?;
            let size =
                u64::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16).map_err(|_| bad("chunk"))?;
            if size == 0 {
                // Trailers end with an empty line.
                loop {
                    line.clear();
                    if r.read_line(line).await? == 0 || line.trim().is_empty() {
                        break;
                    }
                }
                break;
            }
            tokio::io::copy(&mut (&mut *r).take(size), &mut tokio::io::sink()).await?;
            line.clear();
            r.read_line(line).await?;
        }
    } else if let Some(n) = length {
        tokio::io::copy(&mut (&mut *r).take(n), &mut tokio::io::sink()).await?;
    }
    Ok((status, close))
}

/// Latencies (ms) of successful requests and error counts, per target.
type Tally = Vec<(Vec<f64>, usize)>;

async fn client(addr: SocketAddr, targets: Vec<Target>, start: usize, until: Instant) -> Tally {
    let mut tally: Tally = vec![(Vec::new(), 0); targets.len()];
    let mut conn: Option<BufReader<TcpStream>> = None;
    let mut line = String::new();
    let mut i = start;
    while Instant::now() < until {
        let k = i % targets.len();
        i += 1;
        let t0 = Instant::now();
        let result = async {
            if conn.is_none() {
                let s = TcpStream::connect(addr).await?;
                s.set_nodelay(true)?;
                conn = Some(BufReader::new(s));
            }
            let c = conn.as_mut().expect("connected");
            let req = format!("GET {} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n", targets[k].path);
            c.get_mut().write_all(req.as_bytes()).await?;
            read_response(c, &mut line).await
        }
        .await;
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        match result {
            Ok((200, close)) => {
                tally[k].0.push(ms);
                if close {
                    conn = None;
                }
            }
            Ok((_, close)) => {
                tally[k].1 += 1;
                if close {
                    conn = None;
                }
            }
            Err(_) => {
                tally[k].1 += 1;
                conn = None;
            }
        }
    }
    tally
}

/// Drives `addr` with `clients` concurrent clients for `duration`, each starting at a
/// different target and cycling over all of them.
pub async fn run(addr: SocketAddr, targets: &[Target], clients: usize, duration: Duration) -> LoadReport {
    assert!(!targets.is_empty(), "at least one target");
    let started = Instant::now();
    let until = started + duration;
    let handles: Vec<_> = (0..clients.max(1)).map(|c| tokio::spawn(client(addr, targets.to_vec(), c, until))).collect();
    let mut all: Tally = vec![(Vec::new(), 0); targets.len()];
    for h in handles {
        if let Ok(t) = h.await {
            for (k, (lat, err)) in t.into_iter().enumerate() {
                all[k].0.extend(lat);
                all[k].1 += err;
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mut every = Vec::new();
    let mut endpoints = Vec::new();
    let (mut requests, mut errors) = (0, 0);
    for (t, (mut lat, err)) in targets.iter().zip(all) {
        lat.sort_by(f64::total_cmp);
        let n = lat.len() + err;
        requests += n;
        errors += err;
        endpoints.push(EndpointReport {
            label: t.label.clone(),
            requests: n,
            errors: err,
            rps: n as f64 / secs,
            p50_ms: quantile(&lat, 0.50),
            p95_ms: quantile(&lat, 0.95),
            p99_ms: quantile(&lat, 0.99),
        });
        every.extend(lat);
    }
    every.sort_by(f64::total_cmp);
    LoadReport {
        clients: clients.max(1),
        seconds: secs,
        endpoints,
        requests,
        errors,
        rps: requests as f64 / secs,
        p50_ms: quantile(&every, 0.50),
        p95_ms: quantile(&every, 0.95),
        p99_ms: quantile(&every, 0.99),
    }
}

/// Starts a server for `config` on an ephemeral loopback port in this process, drives it
/// with [`run`], and stops it.
pub fn run_in_process(
    config: &crate::Config,
    targets: &[Target],
    clients: usize,
    duration: Duration,
) -> Result<LoadReport, crate::ServerError> {
    let server = crate::Server::new(config, None)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(server.serve(listener, async {
            let _ = stopped.await;
        }));
        let report = run(addr, targets, clients, duration).await;
        let _ = stop.send(());
        serving.await.map_err(std::io::Error::other)??;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.5), 50.0);
        assert_eq!(quantile(&v, 0.95), 95.0);
        assert_eq!(quantile(&v, 0.99), 99.0);
        assert_eq!(quantile(&[7.0], 0.95), 7.0);
        assert_eq!(quantile(&[], 0.95), 0.0);
    }

    #[tokio::test]
    async fn the_client_reads_sized_and_chunked_answers_on_one_connection() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (s, _) = listener.accept().await.unwrap();
            let mut s = BufReader::new(s);
            let mut line = String::new();
            for n in 0.. {
                // Read one request (up to its empty line).
                loop {
                    line.clear();
                    if s.read_line(&mut line).await.unwrap() == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let answer: &[u8] = if n % 2 == 0 {
                    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                } else {
                    b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                };
                s.get_mut().write_all(answer).await.unwrap();
            }
        });
        let targets =
            vec![Target { label: "a".into(), path: "/a".into() }, Target { label: "b".into(), path: "/b".into() }];
        let report = run(addr, &targets, 1, Duration::from_millis(200)).await;
        let (a, b) = (&report.endpoints[0], &report.endpoints[1]);
        assert!(a.requests > 2 && a.errors == 0, "{a:?}");
        assert!(b.requests > 2 && b.errors == b.requests, "404s are errors: {b:?}");
        assert_eq!(report.requests, a.requests + b.requests);
    }
}
