using System.Runtime.InteropServices;
using System.Text;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// The one way stallsim reads a file it is given: only a regular file (a device, a pipe, a socket or a directory
/// is refused before it is opened, so that /dev/zero cannot fill memory and a FIFO cannot hang the tool), through
/// a stream that stops at the limit whatever the file claims its length is, with lines bounded while they are
/// read. Every failure is one line naming the file.
/// </summary>
public static class BoundedFile
{
    /// <summary>The name that means standard input, for the commands that read one file (a scenario, a sweep, a
    /// dump): the one stream read on purpose, bounded like a file.</summary>
    public const string StandardInput = "-";

    /// <summary>How standard input is named in messages.</summary>
    public const string StandardInputName = "standard input";

    /// <summary>Refuses <paramref name="path"/> unless it is a regular file (after symbolic links).</summary>
    public static void CheckRegular(string path, string what)
    {
        if (path == StandardInput)
            return;
        if (Directory.Exists(path))
            throw new InputException($"{path}: a directory; expected {what}");
        if (!File.Exists(path))
            throw new InputException($"{path}: no such file; expected {what}");
        if (FileType(path) is { } type && type != RegularFile)
            throw new InputException($"{path}: {TypeName(type)}, not a regular file; expected {what}");
    }

    /// <summary>The whole text of a regular file of at most <paramref name="maxBytes"/>, read no further than that.</summary>
    public static string ReadText(string path, long maxBytes, string what)
    {
        CheckRegular(path, what);
        try
        {
            using var stream = Open(path);
            if (path == StandardInput)
                path = StandardInputName;
            var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > maxBytes)
                    throw new InputException($"{path}: larger than {maxBytes:N0} bytes; expected {what}");
            }
            return new UTF8Encoding(false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({YamlTree.FirstLine(e.Message)})");
        }
    }

    /// <summary>A stream over a regular file that fails, naming the file, past <paramref name="maxBytes"/>.</summary>
    public static Stream OpenStream(string path, long maxBytes, string what)
    {
        CheckRegular(path, what);
        try
        {
            return new CountingStream(Open(path), maxBytes, path == StandardInput ? StandardInputName : path, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({YamlTree.FirstLine(e.Message)})");
        }
    }

    /// <summary>A reader of a regular file that fails, naming the file, past <paramref name="maxBytes"/> or on a
    /// line longer than <paramref name="maxLine"/> characters, before reading further; a gzipped file (known by its first two bytes,
    /// not its name) is read through gunzip, its inflated text bounded by the same limit (a small file cannot inflate without
    /// end).</summary>
    public static TextReader OpenText(string path, long maxBytes, int maxLine, string what)
    {
        CheckRegular(path, what);
        try
        {
            Stream file = Open(path);
            if (path == StandardInput)
            {
                // A pipe cannot seek back to its gzip magic or on to its trailer: standard input is plain text.
                return new BoundedReader(
                    new StreamReader(new CountingStream(file, maxBytes, StandardInputName, what), new UTF8Encoding(false)),
                    maxLine,
                    StandardInputName,
                    what
                );
            }
            var magic = new byte[2];
            var n = file.Read(magic, 0, 2);
            file.Position = 0;
            Stream inner = new CountingStream(file, maxBytes, path, what);
            if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                // gzip ends with the inflated length mod 2^32 (ISIZE); inflating a file cut short just stops early,
                // so the length read is held against it at the end.
                var isize = new byte[4];
                if (file.Length >= 18)
                {
                    file.Position = file.Length - 4;
                    file.ReadExactly(isize);
                    file.Position = 0;
                }
                var expected = BitConverter.ToUInt32(isize);
                inner = new CountingStream(
                    new System.IO.Compression.GZipStream(inner, System.IO.Compression.CompressionMode.Decompress),
                    maxBytes,
                    path + " (gunzipped)",
                    what
                )
                {
                    AtEnd = read =>
                    {
                        if ((uint)read != expected)
                            throw new InvalidDataException(
                                $"it inflates to {read:N0} bytes, its trailer says {expected:N0} (mod 2^32): cut short"
                            );
                    },
                };
            }
            return new BoundedReader(new StreamReader(inner, new UTF8Encoding(false)), maxLine, path, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({YamlTree.FirstLine(e.Message)})");
        }
    }

    private static Stream Open(string path) =>
        path == StandardInput
            ? Console.OpenStandardInput(1 << 16)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);

    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    private static string TypeName(int type) =>
        type switch
        {
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            0x4000 => "a directory",
            _ => "not a plain file",
        };

    /// <summary>The file's type bits (S_IFMT of statx's stx_mode, whose layout is the same on every Linux
    /// architecture); null where statx is not there to ask (another OS).</summary>
    private static int? FileType(string path)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        var buffer = new byte[256]; // struct statx is 256 bytes
        try
        {
            const int AtFdcwd = -100,
                StatxType = 0x1;
            if (Statx(AtFdcwd, path, 0, StatxType, buffer) != 0)
                return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return BitConverter.ToUInt16(buffer, 28) & TypeMask; // stx_mode at offset 28
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    /// <summary>Fails past a byte limit, whatever the file's length says (a device, /proc, a growing file).</summary>
    private sealed class CountingStream(Stream inner, long limit, string path, string what) : Stream
    {
        private long _read;
        private bool _ended;

        /// <summary>Called once with the bytes read when the stream ends.</summary>
        public Action<long>? AtEnd { get; init; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, (int)Math.Min(count, limit + 1 - _read));
            if (n == 0 && count > 0 && !_ended)
            {
                _ended = true;
                AtEnd?.Invoke(_read);
            }
            _read += n;
            if (_read > limit)
                throw new InputException($"{path}: larger than {limit:N0} bytes; expected {what}");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Lines of at most a limit, refused as soon as one grows past it (not after it is whole).</summary>
    private sealed class BoundedReader(TextReader inner, int maxLine, string path, string what) : TextReader
    {
        private int _line;

        public override int Peek() => inner.Peek();

        public override int Read() => inner.Read();

        public override string? ReadLine()
        {
            var c = inner.Read();
            if (c < 0)
                return null;
            var sb = new StringBuilder();
            while (c >= 0 && c != '\n' && c != '\r')
            {
                if (sb.Length >= maxLine)
                    throw new InputException($"{path}:{_line + 1}: a line longer than {maxLine:N0} characters; expected {what}");
                sb.Append((char)c);
                c = inner.Read();
            }
            if (c == '\r' && inner.Peek() == '\n')
                inner.Read();
            _line++;
            return sb.ToString();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
