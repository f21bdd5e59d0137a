/*
 * Fake Juju hook-tool client. Installed (symlinked) under every tool name; like Juju's jujuc
 * client it forwards {context id, cwd, tool, args[, stdin]} over the agent's unix socket and
 * prints what the agent answers, exiting with its code.
 *
 * Framing (all integers are 32-bit big-endian):
 *   request  = u32 body-length, body = u32 count, count x (u32 len, bytes)
 *              fields: context-id, cwd, tool, has-stdin ("0"/"1"), stdin, args...
 *   response = u32 exit-code, u32 len, stdout, u32 len, stderr
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct { char *p; size_t n, cap; } buf;

static void fail(const char *msg) {
  fprintf(stderr, "ERROR %s\n", msg);
  exit(1);
}

static void put(buf *b, const void *d, size_t n) {
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n) cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p) fail("out of memory");
    b->cap = cap;
  }
  memcpy(b->p + b->n, d, n);
  b->n += n;
}

static void put_u32(buf *b, uint32_t v) {
  uint32_t be = htonl(v);
  put(b, &be, 4);
}

static void put_str(buf *b, const char *s, size_t n) {
  put_u32(b, (uint32_t)n);
  put(b, s, n);
}

static void read_all_fd(int fd, buf *b) {
  char tmp[65536];
  for (;;) {
    ssize_t r = read(fd, tmp, sizeof tmp);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("cannot read stdin");
    if (r == 0) break;
    put(b, tmp, (size_t)r);
  }
}

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return;
    p += w;
    n -= (size_t)w;
  }
}

static void read_exact(int fd, char *p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) fail("connection to the unit agent closed");
    p += r;
    n -= (size_t)r;
  }
}

static uint32_t read_u32(int fd) {
  uint32_t be;
  read_exact(fd, (char *)&be, 4);
  return ntohl(be);
}

static void relay(int sock, int out) {
  uint32_t n = read_u32(sock);
  char *p = malloc(n ? n : 1);
  if (!p) fail("out of memory");
  read_exact(sock, p, n);
  write_all(out, p, n);
  free(p);
}

int main(int argc, char **argv) {
  const char *tool = strrchr(argv[0], '/');
  tool = tool ? tool + 1 : argv[0];
  const char *addr = getenv("JUJU_AGENT_SOCKET_ADDRESS");
  const char *ctx = getenv("JUJU_CONTEXT_ID");
  if (!ctx || !*ctx) fail("JUJU_CONTEXT_ID not set");
  if (!addr || !*addr) fail("JUJU_AGENT_SOCKET_ADDRESS not set");

  int want_stdin = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--file=-") == 0) want_stdin = 1;
    if (strcmp(argv[i], "--file") == 0 && i + 1 < argc && strcmp(argv[i + 1], "-") == 0) want_stdin = 1;
  }
  buf in = {0};
  if (want_stdin) read_all_fd(0, &in);

  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) cwd[0] = 0;

  buf body = {0};
  put_u32(&body, (uint32_t)(argc - 1 + 5));
  put_str(&body, ctx, strlen(ctx));
  put_str(&body, cwd, strlen(cwd));
  put_str(&body, tool, strlen(tool));
  put_str(&body, want_stdin ? "1" : "0", 1);
  put_str(&body, in.p ? in.p : "", in.n);
  for (int i = 1; i < argc; i++) put_str(&body, argv[i], strlen(argv[i]));

  struct sockaddr_un sa;
  memset(&sa, 0, sizeof sa);
  sa.sun_family = AF_UNIX;
  if (strlen(addr) >= sizeof sa.sun_path) fail("socket path too long");
  strcpy(sa.sun_path, addr);
  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof sa) != 0) fail("cannot connect to the unit agent");

  buf req = {0};
  put_u32(&req, (uint32_t)body.n);
  put(&req, body.p, body.n);
  write_all(sock, req.p, req.n);

  uint32_t code = read_u32(sock);
  relay(sock, 1);
  relay(sock, 2);
  close(sock);
  return (int)code;
}
