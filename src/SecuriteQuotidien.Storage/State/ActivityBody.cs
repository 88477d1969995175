using System.Buffers;
using System.IO.Compression;
using Azure.Data.Tables;

namespace SecuriteQuotidien.Storage.State;

/// <summary>
/// An inbound activity's body in a pending row: Brotli-compressed (JSON shrinks several times), split into binary
/// properties <c>Body0</c>, <c>Body1</c>… of at most 64 KiB each (the service's limit per property), with the
/// original length in <c>BodyLength</c>. The whole entity must stay under 1 MiB.
/// </summary>
internal static class ActivityBody
{
    public const int ChunkBytes = 64 * 1024;

    /// <summary>Fourteen chunks: 896 KiB, leaving room for the keys and the other properties.</summary>
    public const int MaxCompressedBytes = 14 * ChunkBytes;

    // Quality 1: the fastest setting; activity JSON compresses well even so.
    private const int Quality = 1;
    private const int Window = 22;

    public static byte[] Compress(ReadOnlySpan<byte> body)
    {
        var rented = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(body.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(body, rented, out var written, Quality, Window))
            {
                throw new InvalidOperationException("The activity body could not be compressed.");
            }
            if (written > MaxCompressedBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(body), $"The activity body is too large to keep ({body.Length} bytes).");
            }
            return rented.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static void Write(TableEntity row, byte[] compressed, int length)
    {
        row["BodyLength"] = length;
        if (compressed.Length <= ChunkBytes)
        {
            row["Body0"] = compressed;
            return;
        }
        var index = 0;
        foreach (var chunk in compressed.Chunk(ChunkBytes))
        {
            row[$"Body{index++}"] = chunk;
        }
    }

    /// <summary>The original body, or null when the row holds none or it cannot be decompressed.</summary>
    public static byte[]? Read(TableEntity row)
    {
        if (row.GetInt32("BodyLength") is not { } length || length < 0 || row.GetBinary("Body0") is not { } first)
        {
            return null;
        }
        var compressed = first;
        var more = new List<byte[]>();
        for (var index = 1; row.GetBinary($"Body{index}") is { } chunk; index++)
        {
            more.Add(chunk);
        }
        if (more.Count > 0)
        {
            compressed = [.. first, .. more.SelectMany(c => c)];
        }
        var body = new byte[length];
        return BrotliDecoder.TryDecompress(compressed, body, out var written) && written == length ? body : null;
    }
}
