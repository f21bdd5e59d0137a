/** A minimal protocol-buffers writer: varints, strings, doubles, nested messages (for /openapi/v2). */
export class ProtoWriter {
  private readonly parts: Buffer[] = [];

  private varint(n: number): void {
    const bytes: number[] = [];
    let v = n;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  string(field: number, value: string | undefined): this {
    if (value === undefined || value === "") return this;
    const b = Buffer.from(value, "utf8");
    this.key(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.key(field, 0);
    this.varint(1);
    return this;
  }

  double(field: number, value: number | undefined): this {
    if (value === undefined) return this;
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.key(field, 1);
    this.parts.push(b);
    return this;
  }

  /** A nested message, written by `fill` (omitted when it writes nothing, unless `always`). */
  message(field: number, fill: (w: ProtoWriter) => void, always = false): this {
    const w = new ProtoWriter();
    fill(w);
    const b = w.bytes();
    if (b.length === 0 && !always) return this;
    this.key(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}
