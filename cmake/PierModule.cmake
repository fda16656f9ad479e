# pier_add_module(<name> [DIR <folder>] [SUBDIRS <folders>...]
#                 [UNITY_SUBDIRS <folders>... UNITY_BATCH <n>] [DEPS <targets>...])
#
# One broker-core module = one static library `pier_<name>` (alias pier::<name>) built from the
# .cpp files directly in broker-core/<folder> (folder defaults to <name>) and in its SUBDIRS
# (relative to that folder). Sub-folders not listed are other modules or not compiled at all.
# UNITY_SUBDIRS are compiled too, in unity batches of UNITY_BATCH files: for large generated
# code, fewer and bigger translation units build faster on few cores. Hand-written sources stay
# in their own units (their anonymous namespaces may share names). DEPS lists what it links:
# other modules by short name (base, runtime, ...) or imported targets (fmt::fmt).
# Includes are written from broker-core/, e.g. #include "base/result.h"; tests/lint checks
# them against the module table in DESIGN.md.
function(pier_add_module name)
  cmake_parse_arguments(ARG "" "DIR;UNITY_BATCH" "SUBDIRS;UNITY_SUBDIRS;DEPS" ${ARGN})
  if(NOT ARG_DIR)
    set(ARG_DIR ${name})
  endif()
  set(dir ${PIER_CORE_DIR}/${ARG_DIR})
  set(sources "")
  set(headers "")
  set(unity_sources "")
  foreach(folder IN ITEMS "." ${ARG_SUBDIRS} ${ARG_UNITY_SUBDIRS})
    file(GLOB folder_sources CONFIGURE_DEPENDS ${dir}/${folder}/*.cpp)
    file(GLOB folder_headers CONFIGURE_DEPENDS ${dir}/${folder}/*.h)
    list(APPEND sources ${folder_sources})
    list(APPEND headers ${folder_headers})
    if(folder IN_LIST ARG_UNITY_SUBDIRS)
      list(APPEND unity_sources ${folder_sources})
    endif()
  endforeach()
  if(sources)
    add_library(pier_${name} STATIC ${sources} ${headers})
    target_include_directories(pier_${name} PUBLIC ${PIER_CORE_DIR})
    set(scope PUBLIC)
  else()
    add_library(pier_${name} INTERFACE ${headers})
    target_include_directories(pier_${name} INTERFACE ${PIER_CORE_DIR})
    set(scope INTERFACE)
  endif()
  add_library(pier::${name} ALIAS pier_${name})
  foreach(dep IN LISTS ARG_DEPS)
    if(TARGET pier_${dep})
      target_link_libraries(pier_${name} ${scope} pier_${dep})
    else()
      target_link_libraries(pier_${name} ${scope} ${dep})
    endif()
  endforeach()
  if(sources)
    pier_set_warnings(pier_${name})
  endif()
  if(unity_sources)
    if(NOT ARG_UNITY_BATCH)
      message(FATAL_ERROR "pier_add_module(${name}): UNITY_SUBDIRS needs UNITY_BATCH")
    endif()
    set_target_properties(pier_${name} PROPERTIES UNITY_BUILD ON
                          UNITY_BUILD_BATCH_SIZE ${ARG_UNITY_BATCH})
    set(own_units ${sources})
    list(REMOVE_ITEM own_units ${unity_sources})
    set_source_files_properties(${own_units} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
endfunction()
