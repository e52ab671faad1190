// Placeholder entry; the command-line dispatcher lands with the TAO layer.
process.stdout.write('taobot\n');
