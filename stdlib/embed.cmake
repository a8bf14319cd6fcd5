# Turns the standard library's .conf files into a C++ source that registers them as
# embedded files (run at build time by stdlib/CMakeLists.txt).
#   cmake -DOUT=<file.cpp> -DFILES=a.conf,b.conf -DBASE=<dir> -P embed.cmake
string(REPLACE "," ";" FILES "${FILES}")
set(code "// Generated from stdlib/*.conf by stdlib/embed.cmake: do not edit.\n")
string(APPEND code "#include \"compiler/resolve/program.h\"\n#include \"stdlib/stdlib.h\"\n\n")
string(APPEND code "namespace cairn::stdlib {\n\nvoid register_images(); // std_images.cpp\n\nvoid register_files() {\n  register_images();\n")
foreach(f ${FILES})
  file(READ ${BASE}/${f} text)
  string(APPEND code "  resolve::register_embedded(\"std/${f}\", R\"cairn_std(${text})cairn_std\");\n")
endforeach()
string(APPEND code "}\n\n} // namespace cairn::stdlib\n")
file(WRITE ${OUT}.tmp "${code}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
