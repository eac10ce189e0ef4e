#!/usr/bin/python3
"""Writes the image fixtures that ImageDecoderTest decodes, each with the RGB result the decoder must produce.

Run with Debian's interpreter (it has Pillow and numpy):  /usr/bin/python3 make_image_fixtures.py [OUTPUT_DIR]
OUTPUT_DIR defaults to ../resources/images next to this script. The tests never run this script; its outputs are
committed. Re-running it must give identical files (no randomness, no timestamps).

For every fixture NAME.EXT it writes NAME.ppm (binary P6: "P6\n<w> <h>\n255\n" then interleaved RGB bytes), the
expected decode:
  * 8-bit and palette inputs: exactly what Pillow's Image.open(f).convert("RGB") gives (alpha dropped, not composited;
    CMYK -> RGB by Pillow's rule).
  * 16-bit inputs: the decoder's documented rule, the high byte of each sample (v >> 8), computed here in numpy from
    the source array, NOT by Pillow: Pillow opens 16-bit grayscale as mode "I" and its convert("RGB") clips every
    value above 255 to white. For 16-bit RGB/RGBA Pillow itself keeps the high byte; the script asserts that.
Lossless formats must be decoded exactly; JPEGs within the tolerance stated in the test. The CMYK rule is checked
against numpy too: R = round((255 - C) * (255 - K) / 255), as Pillow >= 9 computes it (older Pillow used
255 - min(255, C + K); regenerating with one of those fails here rather than silently changing the expectations).
tiff_float32.tif has no .ppm: the decoder must reject it by name.
"""
import io
import os
import struct
import sys
import warnings
import zlib

import numpy as np
from PIL import Image

WIDTH, HEIGHT = 13, 9  # odd and non-square so that transposed or mis-strided decodes cannot pass


def gradient_rgb():
    """Three visibly different patterns, so that swapped channels or flipped axes show."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    red = x * 255 // (WIDTH - 1)
    green = y * 255 // (HEIGHT - 1)
    blue = (x * 37 + y * 91 + 17) % 256
    return np.stack([red, green, blue], axis=-1).astype(np.uint8)


def alpha_plane():
    """Alpha that is fully transparent in places where the colour is not black: compositing would show."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    return ((x * 23 + y * 40) % 256).astype(np.uint8)


def gradient_16bit(channels):
    """16-bit samples that use the low byte too, and include 0, 65535 and values either side of x.5 / 257."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.int64)
    planes = [(x * 5041 + y * 7283 + 383) % 65536,
              (65535 - x * 4099 - y * 613) % 65536,
              (x * y * 1031 + 128) % 65536,
              (x * 6000 + y * 300) % 65536][:channels]
    out = np.stack(planes, axis=-1).astype(np.uint16)
    out[0, 0:5, :] = np.array([0, 65535, 255, 200, 33000])[:, None]  # 255, 200, 33000: v >> 8 != round(v / 257)
    return out


def cmyk_planes():
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    cyan = x * 255 // (WIDTH - 1)
    magenta = y * 255 // (HEIGHT - 1)
    yellow = (x * 29 + y * 13) % 256
    black = (255 - x * 17 - y * 5) % 256
    return np.stack([cyan, magenta, yellow, black], axis=-1).astype(np.uint8)


def png_bytes(samples, bit_depth):
    """A minimal PNG encoder (IHDR, one IDAT, IEND), for layouts Pillow cannot write, e.g. 16-bit RGB."""
    height, width, channels = samples.shape
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    dtype = '>u2' if bit_depth == 16 else 'u1'
    rows = b''.join(b'\x00' + samples[row].astype(dtype).tobytes() for row in range(height))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack('>IIBBBBB', width, height, bit_depth, colour_type, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows, 9))
            + chunk(b'IEND', b''))


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def pil_rgb(data):
    # Pillow warns that palette transparency is lost by convert("RGB"); losing it is the point.
    warnings.filterwarnings('ignore', message='Palette images with Transparency')
    return np.asarray(Image.open(io.BytesIO(data)).convert('RGB'))


def high_byte(samples16):
    """The decoder's 16-to-8-bit rule."""
    return (samples16 >> 8).astype(np.uint8)


def cmyk_to_rgb(cmyk):
    """The decoder's (and Pillow 9's) CMYK rule: no colour management, each ink multiplied by the black's remainder."""
    ink = cmyk[..., :3].astype(np.int64)
    black = cmyk[..., 3:].astype(np.int64)
    return np.rint((255 - ink) * (255 - black) / 255.0).astype(np.uint8)


def gray_to_rgb(gray):
    return np.repeat(gray[..., None], 3, axis=-1)


def palette_image(with_transparency):
    """40 distinct colours, indices laid out so that neighbouring pixels differ."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    indices = ((x * 3 + y * 7) % 40).astype(np.uint8)
    image = Image.frombytes('P', (WIDTH, HEIGHT), indices.tobytes())
    palette = []
    for i in range(40):
        palette += [(i * 53) % 256, (i * 97 + 30) % 256, 255 - i * 6]
    image.putpalette(palette)
    if with_transparency:
        image.info['transparency'] = bytes((i * 41) % 256 for i in range(40))
    return image


def cmyk_as_ycck_jpeg(cmyk):
    """An Adobe YCCK JPEG, which no common encoder writes, built from Pillow's CMYK encoder.

    Adobe YCCK treats the inverted stored CMYK as RGB and stores its YCbCr, K unchanged. Pillow stores CMYK inverted
    (Adobe convention), so the stored, inverted channels are 255 - C...: as RGB they are 255 - (255 - C) = C. We
    compute YCbCr of (C, M, Y), hand Pillow the inverse of what must be stored, and switch the APP14 transform
    flag from 0 (CMYK) to 2 (YCCK). Pillow decodes the result through libjpeg's own YCCK path.
    """
    c, m, y, k = [cmyk[..., i].astype(np.float64) for i in range(4)]
    luma = 0.299 * c + 0.587 * m + 0.114 * y
    blue_diff = -0.168736 * c - 0.331264 * m + 0.5 * y + 128
    red_diff = 0.5 * c - 0.418688 * m - 0.081312 * y + 128
    stored = np.stack([luma, blue_diff, red_diff, 255 - k], axis=-1).round().clip(0, 255).astype(np.uint8)
    data = bytearray(encoded(Image.fromarray(255 - stored, 'CMYK'), 'JPEG', quality=100))
    marker = data.find(b'\xff\xee')
    assert data[marker + 4:marker + 9] == b'Adobe', 'Pillow wrote no Adobe APP14 segment'
    transform_offset = marker + 15  # FFEE, length(2), "Adobe", version(2), flags0(2), flags1(2), transform
    assert data[transform_offset] == 0
    data[transform_offset] = 2
    return bytes(data)


def fixtures():
    """(file name, encoded bytes, expected RGB array)."""
    rgb = gradient_rgb()
    rgba = np.concatenate([rgb, alpha_plane()[..., None]], axis=-1)
    gray = rgb[..., 2]
    rgb_image = Image.fromarray(rgb, 'RGB')
    rgba_image = Image.fromarray(rgba, 'RGBA')
    gray_image = Image.fromarray(gray, 'L')
    cmyk_image = Image.fromarray(cmyk_planes(), 'CMYK')
    out = []

    def by_pil(name, data):
        out.append((name, data, pil_rgb(data)))

    by_pil('png_rgb8.png', encoded(rgb_image, 'PNG'))
    by_pil('png_rgba8.png', encoded(rgba_image, 'PNG'))
    by_pil('png_gray8.png', encoded(gray_image, 'PNG'))
    by_pil('png_gray1.png', encoded(gray_image.point(lambda v: 255 if v > 127 else 0).convert('1'), 'PNG'))
    by_pil('png_gray_alpha8.png', encoded(Image.merge('LA', [gray_image, Image.fromarray(alpha_plane())]), 'PNG'))
    by_pil('png_palette8.png', encoded(palette_image(False), 'PNG'))
    by_pil('png_palette_trns.png', encoded(palette_image(True), 'PNG'))
    by_pil('png_palette4.png', encoded(palette_image(False).point(lambda i: i % 16), 'PNG', bits=4))

    gray16 = gradient_16bit(1)
    out.append(('png_gray16.png', png_bytes(gray16, 16), gray_to_rgb(high_byte(gray16[..., 0]))))
    for name, channels in (('png_rgb16.png', 3), ('png_rgba16.png', 4)):
        samples = gradient_16bit(channels)
        data = png_bytes(samples, 16)
        expected = high_byte(samples[..., :3])
        assert np.array_equal(pil_rgb(data), expected), 'Pillow no longer keeps the high byte of 16-bit colour'
        out.append((name, data, expected))
    # Pillow clips 16-bit grayscale instead of scaling it; the decoder deliberately does not copy that.
    assert not np.array_equal(pil_rgb(png_bytes(gray16, 16))[..., 0], high_byte(gray16[..., 0]))

    by_pil('jpeg_rgb_baseline.jpg', encoded(rgb_image, 'JPEG', quality=95))
    by_pil('jpeg_rgb_progressive.jpg', encoded(rgb_image, 'JPEG', quality=95, progressive=True))
    by_pil('jpeg_gray.jpg', encoded(gray_image, 'JPEG', quality=95))
    by_pil('jpeg_cmyk_adobe.jpg', encoded(cmyk_image, 'JPEG', quality=100))
    by_pil('jpeg_ycck_adobe.jpg', cmyk_as_ycck_jpeg(cmyk_planes()))

    by_pil('bmp_rgb24.bmp', encoded(rgb_image, 'BMP'))
    by_pil('bmp_palette8.bmp', encoded(palette_image(False), 'BMP'))

    by_pil('tiff_rgb_raw.tif', encoded(rgb_image, 'TIFF'))
    by_pil('tiff_rgb_lzw.tif', encoded(rgb_image, 'TIFF', compression='tiff_lzw'))
    by_pil('tiff_rgb_deflate.tif', encoded(rgb_image, 'TIFF', compression='tiff_adobe_deflate'))
    by_pil('tiff_rgba.tif', encoded(rgba_image, 'TIFF'))
    by_pil('tiff_cmyk.tif', encoded(cmyk_image, 'TIFF'))
    assert np.array_equal(out[-1][2], cmyk_to_rgb(cmyk_planes())), 'Pillow changed its CMYK -> RGB formula'
    tiff_gray16 = Image.fromarray(gray16[..., 0])
    assert tiff_gray16.mode == 'I;16'
    out.append(('tiff_gray16.tif', encoded(tiff_gray16, 'TIFF'), gray_to_rgb(high_byte(gray16[..., 0]))))
    return out


def unsupported_fixtures():
    """(file name, encoded bytes) for inputs the decoder must reject with a clear message; no expected pixels."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    return [('tiff_float32.tif', encoded(Image.fromarray((x * 0.25 + y).astype(np.float32), 'F'), 'TIFF'))]


def write_ppm(path, rgb):
    height, width, _ = rgb.shape
    with open(path, 'wb') as file:
        file.write(b'P6\n%d %d\n255\n' % (width, height))
        file.write(np.ascontiguousarray(rgb, dtype=np.uint8).tobytes())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'resources', 'images')
    os.makedirs(target, exist_ok=True)
    for name, data, expected in fixtures():
        assert expected.shape == (HEIGHT, WIDTH, 3), (name, expected.shape)
        with open(os.path.join(target, name), 'wb') as file:
            file.write(data)
        write_ppm(os.path.join(target, os.path.splitext(name)[0] + '.ppm'), expected)
        print('%-28s %5d bytes' % (name, len(data)))
    for name, data in unsupported_fixtures():
        with open(os.path.join(target, name), 'wb') as file:
            file.write(data)
        print('%-28s %5d bytes (no expected pixels: must be rejected)' % (name, len(data)))


if __name__ == '__main__':
    main()
