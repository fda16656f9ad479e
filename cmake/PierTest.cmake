# pier_add_test(<name> LABEL <label> SOURCES <files>... [DEPS <targets>...] [GUI])
#
# A Qt Test executable registered with ctest under <label> (unit, sim, integration, gui, lint).
# GUI tests run on the offscreen platform so they need no display.
function(pier_add_test name)
  cmake_parse_arguments(ARG "GUI" "LABEL;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_DEPS})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  pier_set_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 60)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL} TIMEOUT ${ARG_TIMEOUT})
  if(ARG_GUI)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
  endif()
endfunction()
