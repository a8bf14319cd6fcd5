# Generates the C++ lexer and parser from grammar/*.g4 into the build folder at build time
# (never committed). Call cairn_generate_parser() in the directory that compiles them:
# custom command outputs are only visible there. The generated code includes
# compiler/parse/{lexer,parser}_base.h.
set(CAIRN_GRAMMAR_DIR ${PROJECT_SOURCE_DIR}/grammar)
set(CAIRN_GEN_DIR ${PROJECT_BINARY_DIR}/generated)
set(CAIRN_GEN_SOURCES
  ${CAIRN_GEN_DIR}/CairnLexer.cpp ${CAIRN_GEN_DIR}/CairnLexer.h
  ${CAIRN_GEN_DIR}/CairnParser.cpp ${CAIRN_GEN_DIR}/CairnParser.h)

function(cairn_generate_parser)
  add_custom_command(
    OUTPUT ${CAIRN_GEN_SOURCES}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CAIRN_GEN_DIR}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -no-visitor -package cairn_gen
            -o ${CAIRN_GEN_DIR} -Xexact-output-dir
            ${CAIRN_GRAMMAR_DIR}/CairnLexer.g4 ${CAIRN_GRAMMAR_DIR}/CairnParser.g4
    DEPENDS ${CAIRN_GRAMMAR_DIR}/CairnLexer.g4 ${CAIRN_GRAMMAR_DIR}/CairnParser.g4
    COMMENT "Generating the parser from grammar/*.g4"
    VERBATIM)
endfunction()
